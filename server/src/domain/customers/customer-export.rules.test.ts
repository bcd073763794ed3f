import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvChunk, jsonlChunk, neutralizeCell, type CustomerExportRow } from './customer-export.rules.ts';

const row = (overrides: Partial<CustomerExportRow> = {}): CustomerExportRow => ({
  customerId: 1,
  email: 'a@example.test',
  name: 'Ann',
  company: null,
  activeLeases: 1,
  totalLeases: 1,
  productsInUse: ['SmarterMail Professional 100 mailboxes'],
  addOnsInUse: [],
  firstLeaseAt: new Date('2025-01-01T00:00:00Z'),
  lastActivityAt: new Date('2025-01-02T00:00:00Z'),
  monthlyAmountCents: 123456,
  machineNames: ['mail01', 'mail02'],
  ...overrides,
});

describe('neutralizeCell', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', "=cmd|' /C calc'!A0"])('prefixes %j with an apostrophe', (value) => {
    expect(neutralizeCell(value)).toBe(`'${value}`);
  });

  it.each(['plain', '', "'already quoted", ' =leading space', 'a=b'])('leaves %j alone', (value) => {
    expect(neutralizeCell(value)).toBe(value);
  });
});

describe('csvChunk', () => {
  describe('for the first chunk', () => {
    it('starts with the UTF-8 byte order mark and the header, and ends lines with CRLF', () => {
      const text = csvChunk([row()], true);
      expect(text.startsWith('\uFEFFemail,name,company,active_leases,')).toBe(true);
      expect(text.split('\r\n')).toHaveLength(3);
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    });
  });

  it('joins lists with "; " and formats the amount in dollars too', () => {
    const [record] = parse(csvChunk([row()], false)) as string[][];
    expect(record).toEqual([
      'a@example.test', 'Ann', '', '1', '1', 'SmarterMail Professional 100 mailboxes', '',
      '2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z', '123456', '$1,234.56', 'mail01; mail02',
    ]);
  });

  it('neutralises formula-like cells, quotes what needs quoting, and parses back to the same cells', () => {
    const tricky = row({ name: '=HYPERLINK("http://evil.test","x")', company: 'A, "B"\r\nC', machineNames: ['+mx', '-x'] });
    const [record] = parse(csvChunk([tricky], false), { relax_quotes: false }) as string[][];
    expect(record![1]).toBe(`'=HYPERLINK("http://evil.test","x")`);
    expect(record![2]).toBe('A, "B"\r\nC');
    expect(record![11]).toBe("'+mx; -x");
  });
});

describe('jsonlChunk', () => {
  it('writes one JSON object per line with lists as arrays and no neutralising', () => {
    const lines = jsonlChunk([row({ name: '=x' }), row({ email: 'b@example.test' })]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toMatchObject({ name: '=x', machineNames: ['mail01', 'mail02'], monthlyAmountCents: 123456, monthlyAmount: '$1,234.56' });
  });
});
