import type { Catalog } from '@leaseboard/db/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BillingItem } from './billing.types.ts';
import { billPeriod } from './proration.rules.ts';
import { runBilling } from './run-billing.ts';
import { billingDeps, cardOnFile, leaseActions, storedLines } from '../../test/billing-helpers.ts';
import { addOn, catalogOf, createPartner, product } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';

/**
 * January 2025, lived through with a ManualClock: leases started, changed and stopped through the real
 * use cases, a catalog price change inside the month, then the billing run on February 1st. The invoice
 * must equal what billPeriod quotes for the same history, written out by hand below.
 */
let t: TestServices;
let catalog: Catalog;
const ids: Record<string, number> = {};

const at = (iso: string) => t.clock.set(iso);

beforeAll(async () => {
  t = await createTestServices({ now: '2024-12-01T08:00:00Z' });
  catalog = await catalogOf(t.db);
  const lease = leaseActions(t.db, t.clock, catalog);
  const deps = billingDeps(t.db, t.clock);
  ids.a = (await createPartner(t.db, { company: 'Alpha Hosting' })).id;
  ids.b = (await createPartner(t.db, { company: 'Beta Hosting' })).id;
  ids.c = (await createPartner(t.db, { company: 'Gamma Hosting' })).id;
  await cardOnFile(deps, ids.a);

  ids.l5 = await lease.start(ids.b, 'SM-PRO-100');
  ids.l6 = await lease.start(ids.c, 'SM-PRO-100');
  at('2024-12-20T16:30:00Z');
  ids.l1 = await lease.start(ids.a, 'SM-PRO-250');
  ids.l2 = await lease.start(ids.a, 'SM-ENT-250', ['ACTIVESYNC']);
  at('2024-12-28T09:00:00Z');
  await lease.stop(ids.c, ids.l6);
  at('2025-01-01T00:00:00Z');
  await lease.stop(ids.b, ids.l5);
  at('2025-01-05T10:00:00Z');
  ids.l3 = await lease.start(ids.a, 'SM-PRO-100', ['PREMIUM_ANTISPAM']);
  at('2025-01-10T14:00:00Z');
  await lease.modify(ids.a, ids.l1, { sku: 'SM-PRO-500' });
  at('2025-01-12T11:00:00Z');
  // Price changes announced ahead of time (never back-dated): SM-ENT-250 from the 15th, ActiveSync (tier rank 1) from the 20th.
  await t.db.productPrice.create({
    data: { productId: product(catalog, 'SM-ENT-250').id, effectiveFrom: new Date('2025-01-15T00:00:00Z'), amountCents: 1800, createdAt: t.clock.now() },
  });
  await t.db.addOnPrice.create({
    data: { addOnId: addOn(catalog, 'ACTIVESYNC').id, tierRank: 1, effectiveFrom: new Date('2025-01-20T00:00:00Z'), amountCents: 500, createdAt: t.clock.now() },
  });
  at('2025-01-18T09:00:00Z');
  await lease.modify(ids.a, ids.l2, { add: ['MAPI_EWS'] });
  at('2025-01-20T12:00:00Z');
  await lease.modify(ids.a, ids.l3, { sku: 'SM-PRO-250' });
  at('2025-01-25T14:00:00Z');
  await lease.stop(ids.a, ids.l2);
  at('2025-01-31T23:00:00Z');
  ids.l4 = await lease.start(ids.b, 'SM-PRO-250');
  at('2025-02-01T00:05:00Z');
});
afterAll(() => t.close());

/** The same history, written as billing items by hand. Item ids: `<lease>` or `<lease>/<add-on code>`. */
function handBuiltItems(): BillingItem[] {
  const seg = (from: string, to: string | null, sku: string, priceCents: number) => ({ from, to, sku, priceCents });
  return [
    { id: `${ids.l1}`, segments: [seg('2024-12-20T16:30:00Z', '2025-01-10T14:00:00Z', 'SM-PRO-250', 1000), seg('2025-01-10T14:00:00Z', null, 'SM-PRO-500', 1500)] },
    { id: `${ids.l2}`, segments: [seg('2024-12-20T16:30:00Z', '2025-01-15T00:00:00Z', 'SM-ENT-250', 1600), seg('2025-01-15T00:00:00Z', '2025-01-25T14:00:00Z', 'SM-ENT-250', 1800)] },
    { id: `${ids.l2}/ACTIVESYNC`, segments: [seg('2024-12-20T16:30:00Z', '2025-01-20T00:00:00Z', 'SM-AO-ACTIVESYNC', 400), seg('2025-01-20T00:00:00Z', '2025-01-25T14:00:00Z', 'SM-AO-ACTIVESYNC', 500)] },
    { id: `${ids.l2}/MAPI_EWS`, segments: [seg('2025-01-18T09:00:00Z', '2025-01-25T14:00:00Z', 'SM-AO-MAPIEWS', 500)] },
    { id: `${ids.l3}`, segments: [seg('2025-01-05T10:00:00Z', '2025-01-20T12:00:00Z', 'SM-PRO-100', 600), seg('2025-01-20T12:00:00Z', null, 'SM-PRO-250', 1000)] },
    { id: `${ids.l3}/PREMIUM_ANTISPAM`, segments: [seg('2025-01-05T10:00:00Z', '2025-01-20T12:00:00Z', 'SM-AO-ANTISPAM', 100), seg('2025-01-20T12:00:00Z', null, 'SM-AO-ANTISPAM', 200)] },
    { id: `${ids.l4}`, segments: [seg('2025-01-31T23:00:00Z', null, 'SM-PRO-250', 1000)] },
  ];
}

function quoteFor(leaseIds: number[]) {
  const items = handBuiltItems().filter((item) => leaseIds.includes(Number(item.id.split('/')[0])));
  const quote = billPeriod('2025-01', items);
  const lines = quote.lines.map(({ itemId, ...line }) => ({
    leaseId: Number(itemId.split('/')[0]),
    kind: itemId.includes('/') ? 'ADD_ON' : 'PRODUCT',
    ...line,
  }));
  return { lines, totalCents: quote.totalCents };
}

const byLine = (a: { leaseId: number | null; sku: string; fromDate: string }, b: typeof a) =>
  (a.leaseId ?? 0) - (b.leaseId ?? 0) || a.sku.localeCompare(b.sku) || a.fromDate.localeCompare(b.fromDate);

describe('a month of leases, billed on the 1st', () => {
  let summary: Awaited<ReturnType<typeof runBilling>>;
  beforeAll(async () => {
    summary = await runBilling(billingDeps(t.db, t.clock), { period: '2025-01' });
  });

  it('returns one invoice per partner with something active, and none for a partner without', async () => {
    expect(summary).toMatchObject({ ok: true, value: { period: '2025-01', partners: 2, invoicesCreated: 2, invoicesFinalized: 2 } });
    const invoices = await t.db.invoice.findMany({ where: { period: '2025-01' }, orderBy: { partnerId: 'asc' } });
    expect(invoices.map((invoice) => invoice.partnerId)).toEqual([ids.a, ids.b]);
  });

  describe('when compared with billPeriod on the hand-built history', () => {
    for (const [partner, leases] of [['a', ['l1', 'l2', 'l3']], ['b', ['l4', 'l5']]] as const) {
      it(`returns exactly the quoted lines and total for partner ${partner}`, async () => {
        const invoice = await t.db.invoice.findUniqueOrThrow({ where: { partnerId_period: { partnerId: ids[partner]!, period: '2025-01' } } });
        const quote = quoteFor(leases.map((name) => ids[name]!));
        const lines = await storedLines(t.db, invoice.id);
        expect(lines.sort(byLine)).toEqual(quote.lines.sort(byLine));
        expect(invoice.totalCents).toBe(quote.totalCents);
        expect(invoice.subtotalCents).toBe(quote.totalCents);
        expect(invoice.totalCents).toBe(lines.reduce((sum, line) => sum + line.amountCents, 0));
      });
    }
  });

  it('returns the split caused by the price change as separate lines of one component', async () => {
    const invoice = await t.db.invoice.findUniqueOrThrow({ where: { partnerId_period: { partnerId: ids.a!, period: '2025-01' } } });
    const l2 = (await storedLines(t.db, invoice.id)).filter((line) => line.leaseId === ids.l2 && line.kind === 'PRODUCT');
    expect(l2).toEqual([
      expect.objectContaining({ sku: 'SM-ENT-250', priceCents: 1600, days: 14, divisor: 28, fromDate: '2025-01-01', toDate: '2025-01-14' }),
      expect.objectContaining({ sku: 'SM-ENT-250', priceCents: 1800, days: 11, divisor: 28, fromDate: '2025-01-15', toDate: '2025-01-25' }),
    ]);
  });

  it('returns the partner with a card PAID by auto-pay and the one without OPEN, both numbered', async () => {
    const invoices = await t.db.invoice.findMany({ where: { period: '2025-01' }, orderBy: { partnerId: 'asc' }, include: { attempts: true } });
    expect(invoices.map((invoice) => [invoice.status, invoice.number, invoice.attempts.length])).toEqual([
      ['PAID', 'INV-2025-000001', 1],
      ['OPEN', 'INV-2025-000002', 0],
    ]);
    expect(invoices[0]!.attempts[0]).toMatchObject({ attemptNumber: 1, status: 'SUCCEEDED', trigger: 'finalize', amountCents: invoices[0]!.totalCents });
  });

  it('returns the customer email and a product or add-on name on every line', async () => {
    const lines = await t.db.invoiceLine.findMany({ where: { invoice: { partnerId: ids.a } }, orderBy: { id: 'asc' } });
    expect(lines.every((line) => /@example\.test$/.test(line.customerEmail))).toBe(true);
    expect(lines.find((line) => line.sku === 'SM-AO-ACTIVESYNC')?.description).toBe('ActiveSync');
    expect(lines.find((line) => line.sku === 'SM-PRO-500')?.description).toBe(product(catalog, 'SM-PRO-500').name);
  });
});
