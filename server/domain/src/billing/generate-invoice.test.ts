import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInvoices } from './generate-invoice.ts';
import { loadPriceBook } from './load-price-book.ts';
import { leaseActions } from '../../test/billing-helpers.ts';
import { catalogOf, createPartner } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';

let t: TestServices;
let partners: number[];
let lease: ReturnType<typeof leaseActions>;

beforeAll(async () => {
  t = await createTestServices({ now: '2024-12-05T10:00:00Z' });
  lease = leaseActions(t.db, t.clock, await catalogOf(t.db));
  partners = [(await createPartner(t.db)).id, (await createPartner(t.db)).id];
});
afterAll(() => t.close());

/** The SQL statements generateInvoices sends for both partners. */
async function statementsOfGenerating(period: string): Promise<string[]> {
  const book = await loadPriceBook(t.db);
  t.statements.length = 0;
  await generateInvoices(t.db, t.clock, period, partners, book);
  return [...t.statements];
}

describe('generateInvoices', () => {
  it('returns the same statements whatever the number of leases: history is read in one query per batch', async () => {
    for (const partnerId of partners) await lease.start(partnerId, 'SM-ENT-250', ['ACTIVESYNC']);
    t.clock.set('2025-01-02T00:00:00Z');
    const few = await statementsOfGenerating('2024-12');

    for (const partnerId of partners) {
      for (let n = 0; n < 5; n++) await lease.start(partnerId, n % 2 ? 'SM-PRO-100' : 'SM-ENT-500', n % 2 ? ['PREMIUM_ANTISPAM'] : ['MAPI_EWS', 'ACTIVESYNC']);
    }
    t.clock.set('2025-02-02T00:00:00Z');
    const many = await statementsOfGenerating('2025-01');

    expect(many.length).toBe(few.length);
    expect(many.filter((sql) => sql.includes('"LeaseHistory"'))).toHaveLength(1);
    expect(await t.db.invoiceLine.count({ where: { invoice: { period: '2025-01' } } })).toBe(2 * (2 + 3 + 2 + 3 + 2 + 3));
  });
});
