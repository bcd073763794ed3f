import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/harness.ts';
import { buildReportFixture, NOW, type ReportFixture } from '../../../test/report-fixture.ts';
import type { CustomerExportFilter, CustomerExportRow } from './customer-export.rules.ts';
import { chunkRanges, countCustomerExport, customerExportChunks } from './read-customer-export.ts';

let t: TestApp;
let f: ReportFixture;

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  f = await buildReportFixture(t.db);
  // Customers with no lease at all, between the fixture's: they fill chunks but never appear.
  for (const email of ['nolease1@example.test', 'nolease2@example.test']) {
    await t.db.customer.create({ data: { partnerId: f.partnerA.id, email, emailNorm: email } });
  }
});
afterAll(() => t.close());

async function exportRows(partnerId: number | null, filter: CustomerExportFilter, chunkSize: number): Promise<CustomerExportRow[]> {
  const rows: CustomerExportRow[] = [];
  for await (const chunk of customerExportChunks(t.db, partnerId, filter, new Date(NOW), chunkSize)) rows.push(...chunk);
  return rows;
}

const filters: [string, () => CustomerExportFilter][] = [
  ['every customer', () => ({ scope: 'ALL' })],
  ['current customers', () => ({ scope: 'CURRENT' })],
  ['one product type', () => ({ scope: 'ALL', productTypeId: f.types.SMARTERMAIL })],
  ['a start-date range', () => ({ scope: 'ALL', from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-02-01T00:00:00Z') })],
];

describe.each(filters)('the export of %s', (_, filterOf) => {
  it('has the same rows, in customer order, whatever the chunk size', async () => {
    const whole = await exportRows(f.partnerA.id, filterOf(), 1000);
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.map((row) => row.customerId)).toEqual([...whole.map((row) => row.customerId)].sort((a, b) => a - b));
    for (const size of [1, 2, 3]) expect(await exportRows(f.partnerA.id, filterOf(), size)).toEqual(whole);
  });

  it('holds as many rows as countCustomerExport says', async () => {
    for (const partnerId of [f.partnerA.id, f.partnerB.id, null]) {
      expect((await exportRows(partnerId, filterOf(), 2)).length).toBe(await countCustomerExport(t.db, partnerId, filterOf()));
    }
  });

  it('for every partner (the benchmark) is each partner’s export in turn', async () => {
    const a = await exportRows(f.partnerA.id, filterOf(), 2);
    const b = await exportRows(f.partnerB.id, filterOf(), 2);
    expect(await exportRows(null, filterOf(), 2)).toEqual([...a, ...b]);
  });
});

describe('chunkRanges', () => {
  it('cuts the partner’s customers into consecutive id ranges of the chunk size, the last one shorter', async () => {
    const ids = (await t.db.customer.findMany({ where: { partnerId: f.partnerA.id }, orderBy: { id: 'asc' }, select: { id: true } })).map((c) => c.id);
    expect(ids).toHaveLength(6);
    expect(await chunkRanges(t.db, f.partnerA.id, 4)).toEqual([
      { partnerId: f.partnerA.id, afterId: 0, lastId: ids[3] },
      { partnerId: f.partnerA.id, afterId: ids[3], lastId: ids[5] },
    ]);
    expect(await chunkRanges(t.db, f.partnerA.id, 3)).toHaveLength(2);
  });

  it('is empty for a partner without customers', async () => {
    const partner = await createPartner(t.db);
    expect(await chunkRanges(t.db, partner.id, 2)).toEqual([]);
  });
});
