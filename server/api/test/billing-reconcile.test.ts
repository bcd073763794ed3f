import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentGateway } from '@leaseboard/domain/billing/payment-gateway';
import { reconcilePeriod } from '@leaseboard/domain/billing/reconcile-period';
import { runBilling } from '@leaseboard/domain/billing/run-billing';
import { databaseSandboxGateway } from '@leaseboard/domain/billing/sandbox-store';
import { billingDeps, partnersWithCardAndLease } from '@leaseboard/domain/test/billing-helpers';
import { signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli/billing-reconcile.ts', import.meta.url));

function reconcileCli(period: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', cli, '--period', period], { cwd: serverDir, env: { ...process.env, ...env } }, (_e, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

const QUERY = '{ billingReconciliation(period: "2025-01") { invoices charges repairable reported findings { kind invoiceNumber attemptNumber invoiceCents gatewayCents repairable } } }';

let t: TestApp;
let partners: number[];
let vendor: Record<string, string>;
let pendingInvoice: { id: number; number: string | null; totalCents: number };
let mismatched: { id: number; number: string | null; totalCents: number };

/**
 * January 2025 billed for three partners with a card on file. Planted: the first partner's charge went
 * through at the gateway but its attempt is still PENDING (the process died after the call); the second
 * partner's charge, as the gateway recorded it, is 100 cents more than the invoice.
 */
beforeAll(async () => {
  t = await createTestApp({ now: '2024-12-10T10:00:00Z' });
  partners = await partnersWithCardAndLease(t.db, t.clock, ['SM-PRO-250', 'SM-ENT-500', 'ST-PRO-5']);
  t.clock.set('2025-02-01T00:05:00Z');
  const inner = databaseSandboxGateway(t.db);
  const dying: PaymentGateway = { name: inner.name, tokenize: (card) => inner.tokenize(card), findCharge: (key) => inner.findCharge(key), charge: async (request) => {
    await inner.charge(request);
    throw new Error('process died');
  } };
  await runBilling(billingDeps(t.db, t.clock, dying), { period: '2025-01', partnerIds: [partners[0]!] });
  await runBilling(billingDeps(t.db, t.clock), { period: '2025-01', partnerIds: partners.slice(1) });
  pendingInvoice = await t.db.invoice.findFirstOrThrow({ where: { partnerId: partners[0] } });
  mismatched = await t.db.invoice.findFirstOrThrow({ where: { partnerId: partners[1] } });
  await t.db.$executeRaw`
    UPDATE "SandboxGatewayRecord" SET value = jsonb_set(value, '{amountCents}', to_jsonb((value->>'amountCents')::int + 100))
    WHERE store = 'charge' AND key = ${`invoice:${mismatched.id}:attempt:1`}`;
  vendor = (await signedInUser(t.db, t.clock, null, 'ADMIN')).headers;
}, 120_000);
afterAll(() => t.close());

const meta = () => ({ viewer: { kind: 'anonymous' as const, scopes: new Set<never>(), label: 'billing:reconcile (test)' }, ip: null, requestId: 'reconcile-test', at: t.clock.now() });

describe('reconciliation', () => {
  describe('when vendor staff ask for the period through the query', () => {
    it('returns the planted charged-but-PENDING invoice as repairable and the amount mismatch as reported, and changes nothing', async () => {
      const result = await t.gql<{ billingReconciliation: unknown }>(QUERY, undefined, vendor);
      expect(result.errors ?? []).toEqual([]);
      expect(result.data.billingReconciliation).toEqual({
        invoices: 3,
        charges: 3,
        repairable: 1,
        reported: 1,
        findings: [
          { kind: 'CHARGED_BUT_PENDING', invoiceNumber: pendingInvoice.number, attemptNumber: 1, invoiceCents: pendingInvoice.totalCents, gatewayCents: pendingInvoice.totalCents, repairable: true },
          { kind: 'AMOUNT_MISMATCH', invoiceNumber: mismatched.number, attemptNumber: 1, invoiceCents: mismatched.totalCents, gatewayCents: mismatched.totalCents + 100, repairable: false },
        ],
      });
      expect(await t.db.invoice.findUniqueOrThrow({ where: { id: pendingInvoice.id } })).toMatchObject({ status: 'OPEN' });
      expect(await t.db.auditLog.count({ where: { action: 'billing.reconcile' } })).toBe(0);
    });
  });

  describe('when it repairs', () => {
    it('returns the PENDING attempt SUCCEEDED with the gateway reference, the invoice PAID with one receipt, the mismatch reported, and an audit row', async () => {
      const first = await reconcilePeriod(billingDeps(t.db, t.clock), '2025-01', { repair: true, meta: meta() });
      expect(first).toMatchObject({ ok: true, value: { repaired: 1, reported: 1 } });
      const paid = await t.db.invoice.findUniqueOrThrow({ where: { id: pendingInvoice.id }, include: { attempts: true } });
      const record = await t.db.sandboxGatewayRecord.findUniqueOrThrow({ where: { store_key: { store: 'charge', key: `invoice:${paid.id}:attempt:1` } } });
      expect(paid.status).toBe('PAID');
      expect(paid.attempts).toEqual([expect.objectContaining({ status: 'SUCCEEDED', gatewayRef: (record.value as { outcome: { reference: string } }).outcome.reference })]);
      expect(await t.db.outboxMessage.count({ where: { kind: 'invoice-paid', partnerId: partners[0] } })).toBe(1);
      const audit = await t.db.auditLog.findMany({ where: { action: 'billing.reconcile' } });
      expect(audit).toEqual([expect.objectContaining({ targetType: 'BillingPeriod', targetId: '2025-01', actorLabel: 'billing:reconcile (test)', after: {
        repaired: [{ kind: 'CHARGED_BUT_PENDING', invoiceId: pendingInvoice.id, attemptNumber: 1 }],
        reported: [{ kind: 'AMOUNT_MISMATCH', invoiceId: mismatched.id, attemptNumber: 1 }],
      } })]);

      const again = await reconcilePeriod(billingDeps(t.db, t.clock), '2025-01', { repair: true, meta: meta() });
      expect(again).toMatchObject({ ok: true, value: { repaired: 0, reported: 1, findings: [{ kind: 'AMOUNT_MISMATCH', invoiceId: mismatched.id }] } });
      expect(await t.db.outboxMessage.count({ where: { kind: 'invoice-paid', partnerId: partners[0] } })).toBe(1);
    });
  });

  describe('when billing:reconcile runs with the gateway and invoices in agreement', () => {
    it('prints nothing left to report and exits 0; with the mismatch back it lists it and exits 3', async () => {
      const key = `invoice:${mismatched.id}:attempt:1`;
      await t.db.$executeRaw`UPDATE "SandboxGatewayRecord" SET value = jsonb_set(value, '{amountCents}', to_jsonb((value->>'amountCents')::int - 100)) WHERE store = 'charge' AND key = ${key}`;
      const clean = await reconcileCli('2025-01', { DATABASE_URL: t.database.url });
      expect(clean).toEqual({ code: 0, stderr: '', stdout: 'billing:reconcile 2025-01: 3 invoice(s), 3 charge(s) recorded by the gateway\n  nothing left to report\n' });

      await t.db.$executeRaw`UPDATE "SandboxGatewayRecord" SET value = jsonb_set(value, '{amountCents}', to_jsonb((value->>'amountCents')::int + 1)) WHERE store = 'charge' AND key = ${key}`;
      const dirty = await reconcileCli('2025-01', { DATABASE_URL: t.database.url });
      expect(dirty.code).toBe(3);
      expect(dirty.stdout).toContain(`  to look at 1:\n    AMOUNT_MISMATCH ${mismatched.number} (partner ${partners[1]}, attempt 1)`);
    }, 60_000);
  });
});
