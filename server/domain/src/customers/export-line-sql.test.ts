import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '@leaseboard/db';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { formatCents } from '../billing/money.ts';
import { EXPORT_FIELDS } from './customer-export.rules.ts';
import { csvFieldSql, dollarsSql, isoSql, lineSql, neutralizedSql } from './export-line-sql.ts';

let t: TestServices;

beforeAll(async () => {
  t = await createTestServices();
});
afterAll(() => t.close());

/** Each value of `values` through the SQL expression `sql(x)`, in order. */
async function eachThrough<T>(values: T[], type: string, sql: (x: string) => string): Promise<string[]> {
  const result = await poolOf(t.db).query<{ out: string }>({
    text: `SELECT ${sql('v.x')} AS out FROM unnest($1::${type}[]) WITH ORDINALITY AS v(x, n) ORDER BY v.n`,
    values: [values],
  });
  return result.rows.map((row) => row.out);
}

describe('neutralizedSql', () => {
  const formulas = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', "=cmd|' /C calc'!A0"];
  const plain = ['plain', '', "'already quoted", ' =leading space', 'a=b', 'Ädams'];

  it('prefixes a cell that a spreadsheet would run as a formula with an apostrophe', async () => {
    expect(await eachThrough(formulas, 'text', neutralizedSql)).toEqual(formulas.map((value) => `'${value}`));
  });

  it('leaves every other cell alone', async () => {
    expect(await eachThrough(plain, 'text', neutralizedSql)).toEqual(plain);
  });
});

/** A text cell as the CSV export writes it: neutralised (cellsSql), then quoted if need be (lineSql). */
const csvTextCellSql = (text: string) => csvFieldSql(neutralizedSql(`coalesce(${text}, '')`));

describe('a CSV text cell', () => {
  it('quotes what needs quoting, and a CSV parser reads back the (neutralised) text', async () => {
    const values = ['A, "B"\r\nC', 'say "hi"', 'line\nbreak', 'cr\ronly', 'plain', '=HYPERLINK("http://evil.test","x")', ''];
    const cells = await eachThrough(values, 'text', csvTextCellSql);
    expect(cells.slice(4)).toEqual(['plain', `"'=HYPERLINK(""http://evil.test"",""x"")"`, '']);
    const [record] = parse(`${cells.join(',')}\r\n`, { relax_quotes: false }) as string[][];
    expect(record).toEqual(values.map((value) => (value.startsWith('=') ? `'${value}` : value)));
  });

  it('writes null as an empty cell', async () => {
    expect(await eachThrough([null], 'text', csvTextCellSql)).toEqual(['']);
  });
});

describe('dollarsSql', () => {
  it('writes cents as formatCents does, with thousands separators', async () => {
    const cents = [0, 1, 99, 100, 650, 123456, 100000, 99999999, 123456789012];
    expect(await eachThrough(cents, 'int8', dollarsSql)).toEqual(cents.map(formatCents));
  });

  it('agrees with formatCents on any amount up to ten billion dollars', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 200 }), async (cents) => {
        expect(await eachThrough(cents, 'int8', dollarsSql)).toEqual(cents.map(formatCents));
      }),
      { numRuns: 20 },
    );
  });
});

describe('isoSql', () => {
  it('writes a time as toISOString does, milliseconds and Z included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59.999Z'), noInvalidDate: true }), { minLength: 1, maxLength: 200 }),
        async (dates) => {
          expect(await eachThrough(dates.map((d) => d.toISOString()), 'timestamptz', isoSql)).toEqual(dates.map((d) => d.toISOString()));
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('a JSONL line', () => {
  // Text that PostgreSQL can hold (no NUL), with quotes, backslashes, control characters and non-ASCII.
  const text = fc.string({ unit: 'grapheme', maxLength: 12 }).map((v) => v.replace(/\0/g, ''));
  const tricky = fc.oneof(text, fc.constantFrom('say "hi"', 'back\\slash', 'tab\there', 'line\nbreak', '\u0001\u001f', 'Ädams 💡', '</script>'));
  const list = fc.array(tricky, { maxLength: 3 });
  const customer = fc.record({
    email: tricky,
    name: fc.option(tricky, { nil: null }),
    company: fc.option(tricky, { nil: null }),
    activeLeases: fc.nat(1000),
    totalLeases: fc.nat(1000),
    productsInUse: list,
    addOnsInUse: list,
    firstLeaseAt: fc.constant('2025-01-10T09:00:00.000Z'),
    lastActivityAt: fc.constant('2025-02-13T12:00:00.000Z'),
    monthlyAmountCents: fc.nat(),
    monthlyAmount: fc.constant('$1,234.56'),
    machineNames: list,
  });
  const types: Record<string, string> = { activeLeases: 'int4', totalLeases: 'int4', monthlyAmountCents: 'int8', productsInUse: 'text[]', addOnsInUse: 'text[]', machineNames: 'text[]' };

  it('parses back to the customer, with its fields in file order', async () => {
    await fc.assert(
      fc.asyncProperty(customer, async (c) => {
        const select = EXPORT_FIELDS.map((name, i) => `$${i + 1}::${types[name] ?? 'text'} AS "${name}"`).join(', ');
        const { rows } = await poolOf(t.db).query<{ line: string }>({
          text: `SELECT ${lineSql('JSONL')} AS line FROM (SELECT ${select}) cells`,
          values: EXPORT_FIELDS.map((name) => c[name]),
        });
        const line = rows[0]!.line;
        expect(line.endsWith('}\n')).toBe(true);
        expect(line.slice(0, -1)).not.toContain('\n');
        expect(JSON.parse(line)).toEqual(c);
        expect(Object.keys(JSON.parse(line))).toEqual([...EXPORT_FIELDS]);
      }),
      { numRuns: 60 },
    );
  });
});
