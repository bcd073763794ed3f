import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '@leaseboard/db';
import { createBulkCustomers, createPartner } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { buildReportFixture, NOW, type ReportFixture } from '../../test/report-fixture.ts';
import type { CustomerExportFilter, ExportFormat } from './customer-export.rules.ts';
import { chunkRanges, countCustomerExport, customerExportChunks } from './read-customer-export.ts';

let t: TestServices;
let f: ReportFixture;

beforeAll(async () => {
  t = await createTestServices({ now: NOW });
  f = await buildReportFixture(t.db);
  // Customers with no lease at all, between the fixture's: they fill chunks but never appear.
  for (const email of ['nolease1@example.test', 'nolease2@example.test']) {
    await t.db.customer.create({ data: { partnerId: f.partnerA.id, email, emailNorm: email } });
  }
});
afterAll(() => t.close());

/** The export's lines (no header), read in chunks of `chunkSize` customers. */
async function exportLines(partnerId: number | null, filter: CustomerExportFilter, chunkSize: number, format: ExportFormat = 'CSV'): Promise<string[]> {
  let text = '';
  let rows = 0;
  for await (const chunk of customerExportChunks(poolOf(t.db), partnerId, filter, format, new Date(NOW), chunkSize)) {
    text += Buffer.from(chunk.bytes).toString('utf8');
    rows += chunk.rows;
  }
  const lines = text.split(format === 'CSV' ? /\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/ : '\n').slice(0, -1);
  expect(lines).toHaveLength(rows);
  return lines;
}

const filters: [string, () => CustomerExportFilter][] = [
  ['every customer', () => ({ scope: 'ALL' })],
  ['current customers', () => ({ scope: 'CURRENT' })],
  ['one product type', () => ({ scope: 'ALL', productTypeId: f.types.SMARTERMAIL })],
  ['a start-date range', () => ({ scope: 'ALL', from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') })],
];

describe.each(filters)('the export of %s', (_, filterOf) => {
  it.each(['CSV', 'JSONL'] as const)('has the same %s lines, in customer order, whatever the chunk size', async (format) => {
    const whole = await exportLines(f.partnerA.id, filterOf(), 1000, format);
    expect(whole.length).toBeGreaterThan(0);
    for (const size of [1, 2, 3]) expect(await exportLines(f.partnerA.id, filterOf(), size, format)).toEqual(whole);
  });

  it('holds as many customers as countCustomerExport says', async () => {
    for (const partnerId of [f.partnerA.id, f.partnerB.id, null]) {
      expect((await exportLines(partnerId, filterOf(), 2)).length).toBe(await countCustomerExport(poolOf(t.db), partnerId, filterOf()));
    }
  });

  it('for every partner (the benchmark) is each partner’s export in turn', async () => {
    const a = await exportLines(f.partnerA.id, filterOf(), 2);
    const b = await exportLines(f.partnerB.id, filterOf(), 2);
    expect(await exportLines(null, filterOf(), 2)).toEqual([...a, ...b]);
  });
});

describe('a chunk', () => {
  it('counts its customers right when the count does not fit in a byte', async () => {
    // Read in pg's binary format, a count of 1,000 came back as 1,007 (pg decodes every value as UTF-8 text).
    const partner = await createPartner(t.db);
    await createBulkCustomers(t.db, partner.id, 1000);
    const chunks = [];
    for await (const chunk of customerExportChunks(poolOf(t.db), partner.id, { scope: 'ALL' }, 'CSV', new Date(NOW), 2000)) chunks.push(chunk);
    expect(chunks.map((c) => c.rows)).toEqual([1000]);
    expect(Buffer.from(chunks[0]!.bytes).toString('utf8').split('\r\n')).toHaveLength(1001);
  });
});

describe('chunkRanges', () => {
  it('cuts the partner’s customers into consecutive id ranges of the chunk size, the last one shorter', async () => {
    const ids = (await t.db.customer.findMany({ where: { partnerId: f.partnerA.id }, orderBy: { id: 'asc' }, select: { id: true } })).map((c) => c.id);
    expect(ids).toHaveLength(6);
    expect(await chunkRanges(poolOf(t.db), f.partnerA.id, 4)).toEqual([
      { partnerId: f.partnerA.id, afterId: 0, lastId: ids[3] },
      { partnerId: f.partnerA.id, afterId: ids[3], lastId: ids[5] },
    ]);
    expect(await chunkRanges(poolOf(t.db), f.partnerA.id, 3)).toHaveLength(2);
  });

  it('is empty for a partner without customers', async () => {
    const partner = await createPartner(t.db);
    expect(await chunkRanges(poolOf(t.db), partner.id, 2)).toEqual([]);
  });
});
