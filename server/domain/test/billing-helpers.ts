import type { Db } from '@leaseboard/db';
import { seedCatalog, type Catalog } from '@leaseboard/db/catalog';
import type { Viewer } from '../src/auth/viewer.ts';
import type { Clock } from '../src/clock.ts';
import type { RequestMeta } from '../src/audit/record-audit.ts';
import type { BillingDeps } from '../src/billing/billing-deps.ts';
import type { PaymentGateway } from '../src/billing/payment-gateway.ts';
import { databaseSandboxGateway } from '../src/billing/sandbox-store.ts';
import { setPaymentMethod } from '../src/billing/set-payment-method.ts';
import { modifyLease } from '../src/leases/modify-lease.ts';
import { startLease } from '../src/leases/start-lease.ts';
import { stopLease } from '../src/leases/stop-lease.ts';
import { addOn, createPartner, product } from './factories.ts';

/** Sandbox test cards. */
export const CARDS = {
  ok: '4242 4242 4242 4242',
  softDecline: '4000000000000002',
  insufficientFunds: '4000000000009995',
  hardDecline: '4000000000009979',
} as const;

const testViewer: Viewer = { kind: 'anonymous', scopes: new Set(), label: 'billing-test' };

export function metaAt(clock: Clock, requestId = 'billing-test'): RequestMeta {
  return { viewer: testViewer, ip: null, requestId, at: clock.now() };
}

export function billingDeps(db: Db, clock: Clock, gateway: PaymentGateway = databaseSandboxGateway(db)): BillingDeps {
  return { db, clock, gateway };
}

/** Puts a card on file through the use case (which also charges unpaid invoices). */
export async function cardOnFile(deps: BillingDeps, partnerId: number, number: string = CARDS.ok) {
  const result = await setPaymentMethod(deps, partnerId, metaAt(deps.clock), { number, expMonth: 12, expYear: 2030, cvc: '123' });
  if (!result.ok) throw new Error(`cardOnFile: ${result.errors.map((e) => e.code).join(', ')}`);
  return result.value;
}

let customers = 0;

/** The lease use cases at the clock's current instant, failing loudly on a refusal. */
export function leaseActions(db: Db, clock: Clock, catalog: Catalog) {
  const unwrap = <T>(what: string, result: { ok: true; value: T } | { ok: false; errors: { code: string }[] }): T => {
    if (!result.ok) throw new Error(`${what}: ${result.errors.map((e) => e.code).join(', ')}`);
    return result.value;
  };
  return {
    async start(partnerId: number, sku: string, addOnCodes: string[] = [], email = `customer${++customers}@example.test`) {
      const input = { productId: product(catalog, sku).id, addOnIds: addOnCodes.map((code) => addOn(catalog, code).id), customer: { email } };
      return unwrap('startLease', await startLease(db, partnerId, metaAt(clock), input)).leaseId;
    },
    async modify(partnerId: number, leaseId: number, change: { sku?: string; add?: string[]; remove?: string[] }) {
      const input = {
        leaseId,
        productId: change.sku ? product(catalog, change.sku).id : null,
        addAddOnIds: (change.add ?? []).map((code) => addOn(catalog, code).id),
        removeAddOnIds: (change.remove ?? []).map((code) => addOn(catalog, code).id),
      };
      unwrap('modifyLease', await modifyLease(db, partnerId, metaAt(clock), input));
    },
    async stop(partnerId: number, leaseId: number) {
      unwrap('stopLease', await stopLease(db, partnerId, metaAt(clock), { leaseId }));
    },
  };
}

/** Invoice lines as comparable rows, in stored order. */
export async function storedLines(db: Db, invoiceId: number) {
  const lines = await db.invoiceLine.findMany({ where: { invoiceId }, orderBy: { id: 'asc' } });
  return lines.map((line) => ({
    leaseId: line.leaseId,
    kind: line.kind,
    sku: line.sku,
    priceCents: line.priceCents,
    days: line.days,
    divisor: line.divisor,
    fromDate: line.fromDate.toISOString().slice(0, 10),
    toDate: line.toDate.toISOString().slice(0, 10),
    amountCents: line.amountCents,
  }));
}

/** One partner per SKU, each with a card on file and one lease of that product started now; their ids in order. */
export async function partnersWithCardAndLease(db: Db, clock: Clock, skus: readonly string[]): Promise<number[]> {
  const lease = leaseActions(db, clock, await seedCatalog(db));
  const partners: number[] = [];
  for (const sku of skus) {
    const partnerId = (await createPartner(db)).id;
    partners.push(partnerId);
    await cardOnFile(billingDeps(db, clock), partnerId);
    await lease.start(partnerId, sku);
  }
  return partners;
}
