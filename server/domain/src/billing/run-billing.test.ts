import { createDb, type Db } from '@leaseboard/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryDueInvoices } from './retry-due-invoices.ts';
import { runBilling } from './run-billing.ts';
import type { PaymentGateway } from './payment-gateway.ts';
import { databaseSandboxGateway } from './sandbox-store.ts';
import { billingDeps, cardOnFile, leaseActions } from '../../test/billing-helpers.ts';
import { catalogOf, createPartner } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';

let t: TestServices;
let partners: number[];

/** Four partners with a lease through January 2025; the first three have a card on file. */
beforeEach(async () => {
  t = await createTestServices({ now: '2024-12-10T10:00:00Z' });
  const lease = leaseActions(t.db, t.clock, await catalogOf(t.db));
  partners = [];
  for (const [index, sku] of ['SM-PRO-250', 'SM-ENT-500', 'ST-PRO-5', 'SS-PRO-10'].entries()) {
    const partnerId = (await createPartner(t.db)).id;
    partners.push(partnerId);
    if (index < 3) await cardOnFile(billingDeps(t.db, t.clock), partnerId);
    await lease.start(partnerId, sku);
  }
  t.clock.set('2025-02-01T00:05:00Z');
});
afterEach(() => t.close());

/** What the database holds for January: invoices with their numbers and attempts, and the sandbox's charges. */
async function januaryState(db: Db) {
  const invoices = await db.invoice.findMany({ where: { period: '2025-01' }, orderBy: { partnerId: 'asc' }, include: { attempts: true } });
  const charges = await db.sandboxGatewayRecord.findMany({ where: { store: 'charge' } });
  return {
    partners: invoices.map((invoice) => invoice.partnerId),
    numbers: invoices.map((invoice) => invoice.number).sort(),
    statuses: invoices.map((invoice) => invoice.status),
    succeededAttempts: invoices.map((invoice) => invoice.attempts.filter((attempt) => attempt.status === 'SUCCEEDED').length),
    sandboxCharges: charges.length,
  };
}

const GAPLESS = ['INV-2025-000001', 'INV-2025-000002', 'INV-2025-000003', 'INV-2025-000004'];

/** A gateway that takes its time, so that two runs overlap while charging. */
function slowGateway(db: Db, ms: number): PaymentGateway {
  const inner = databaseSandboxGateway(db);
  return {
    name: inner.name,
    tokenize: (card) => inner.tokenize(card),
    charge: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return inner.charge(request);
    },
  };
}

describe('runBilling', () => {
  describe('when two processes run the same period at once', () => {
    it('returns one invoice per partner, gapless numbers and one successful charge per invoice', async () => {
      const other = createDb(t.database.url, { max: 5 });
      try {
        const results = await Promise.all([
          runBilling(billingDeps(t.db, t.clock, slowGateway(t.db, 30)), { period: '2025-01', batchSize: 2 }),
          runBilling(billingDeps(other, t.clock, slowGateway(other, 30)), { period: '2025-01', batchSize: 3 }),
        ]);
        expect(results.every((result) => result.ok)).toBe(true);
        const created = results.reduce((sum, result) => sum + (result.ok ? result.value.invoicesCreated : 0), 0);
        expect(created).toBe(4);
      } finally {
        await other.$disconnect();
      }
      expect(await januaryState(t.db)).toEqual({
        partners,
        numbers: GAPLESS,
        statuses: ['PAID', 'PAID', 'PAID', 'OPEN'],
        succeededAttempts: [1, 1, 1, 0],
        sandboxCharges: 3,
      });
    });
  });

  describe('when a run is killed after writing some invoices', () => {
    it('returns, after running again, every invoice once, gapless numbers and one charge each', async () => {
      const killed = runBilling(billingDeps(t.db, t.clock), {
        period: '2025-01',
        batchSize: 1,
        afterBatch: (created) => {
          if (created.length) throw new Error('killed');
        },
      });
      await expect(killed).rejects.toThrow('killed');
      const halfway = await t.db.invoice.findMany({ where: { period: '2025-01' } });
      expect(halfway.map((invoice) => [invoice.partnerId, invoice.status, invoice.number])).toEqual([[partners[0], 'DRAFT', null]]);

      const again = await runBilling(billingDeps(t.db, t.clock), { period: '2025-01', batchSize: 1 });
      expect(again).toMatchObject({ ok: true, value: { invoicesCreated: 3, invoicesExisting: 1, invoicesFinalized: 4, invoices: 4 } });
      const once = await runBilling(billingDeps(t.db, t.clock), { period: '2025-01' });
      expect(once).toMatchObject({ ok: true, value: { invoicesCreated: 0, invoicesExisting: 4, invoicesFinalized: 0, charges: {} } });
      expect(await januaryState(t.db)).toEqual({
        partners,
        numbers: GAPLESS,
        statuses: ['PAID', 'PAID', 'PAID', 'OPEN'],
        succeededAttempts: [1, 1, 1, 0],
        sandboxCharges: 3,
      });
    });
  });

  describe('when the process dies after the gateway charged but before the outcome was stored', () => {
    it('returns the same charge when the orphaned attempt is resumed, never a second one', async () => {
      const inner = databaseSandboxGateway(t.db);
      const dying: PaymentGateway = {
        name: inner.name,
        tokenize: (card) => inner.tokenize(card),
        charge: async (request) => {
          await inner.charge(request);
          throw new Error('process died');
        },
      };
      const first = await runBilling(billingDeps(t.db, t.clock, dying), { period: '2025-01', partnerIds: [partners[0]!] });
      expect(first).toMatchObject({ ok: true, value: { charges: { GATEWAY_ERROR: 1 } } });
      const invoice = await t.db.invoice.findFirstOrThrow({ where: { partnerId: partners[0] }, include: { attempts: true } });
      expect(invoice.status).toBe('OPEN');
      expect(invoice.attempts.map((attempt) => attempt.status)).toEqual(['PENDING']);

      const rerun = await runBilling(billingDeps(t.db, t.clock), { period: '2025-01', partnerIds: [partners[0]!] });
      expect(rerun).toMatchObject({ ok: true, value: { charges: {} } });
      expect(await retryDueInvoices(billingDeps(t.db, t.clock))).toEqual([]);

      t.clock.advance(11 * 60_000);
      expect(await retryDueInvoices(billingDeps(t.db, t.clock))).toEqual([{ status: 'PAID', attemptNumber: 1 }]);
      const paid = await t.db.invoice.findUniqueOrThrow({ where: { id: invoice.id }, include: { attempts: true } });
      const record = await t.db.sandboxGatewayRecord.findUniqueOrThrow({ where: { store_key: { store: 'charge', key: `invoice:${invoice.id}:attempt:1` } } });
      expect(paid.status).toBe('PAID');
      expect(paid.attempts).toEqual([expect.objectContaining({ attemptNumber: 1, status: 'SUCCEEDED' })]);
      expect(paid.attempts[0]!.gatewayRef).toBe((record.value as { outcome: { reference: string } }).outcome.reference);
      expect(await t.db.sandboxGatewayRecord.count({ where: { store: 'charge' } })).toBe(1);
    });
  });

  describe('when several periods and years are billed', () => {
    it('returns numbers gapless per year of the period, across partners', async () => {
      t.clock.set('2025-01-02T00:00:00Z');
      await runBilling(billingDeps(t.db, t.clock), { period: '2024-12' });
      t.clock.set('2025-02-01T00:05:00Z');
      await runBilling(billingDeps(t.db, t.clock), { period: '2025-01' });
      const invoices = await t.db.invoice.findMany({ orderBy: [{ period: 'asc' }, { partnerId: 'asc' }], select: { period: true, number: true } });
      expect(invoices.map((invoice) => `${invoice.period} ${invoice.number}`)).toEqual([
        '2024-12 INV-2024-000001', '2024-12 INV-2024-000002', '2024-12 INV-2024-000003', '2024-12 INV-2024-000004',
        '2025-01 INV-2025-000001', '2025-01 INV-2025-000002', '2025-01 INV-2025-000003', '2025-01 INV-2025-000004',
      ]);
      const counters = await t.db.invoiceNumberCounter.findMany({ orderBy: { year: 'asc' } });
      expect(counters).toEqual([{ year: 2024, last: 4 }, { year: 2025, last: 4 }]);
    });
  });

  describe('when the period has not ended', () => {
    it('returns PERIOD_NOT_ENDED and writes nothing', async () => {
      expect(await runBilling(billingDeps(t.db, t.clock), { period: '2025-02' })).toMatchObject({ ok: false, errors: [{ code: 'PERIOD_NOT_ENDED' }] });
      expect(await runBilling(billingDeps(t.db, t.clock), { period: '2025-13' })).toMatchObject({ ok: false, errors: [{ code: 'INVALID_PERIOD' }] });
      expect(await t.db.invoice.count()).toBe(0);
    });
  });
});
