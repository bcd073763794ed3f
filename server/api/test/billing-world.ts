import { encodeGlobalID } from '@pothos/plugin-relay';
import { runBilling } from '@leaseboard/domain/billing/run-billing';
import { billingDeps, cardOnFile, leaseActions } from '@leaseboard/domain/test/billing-helpers';
import { apiKeyFor, catalogOf, createPartner, signedInUser } from './factories.ts';
import type { TestApp } from './harness.ts';

/**
 * Two partners billed for December 2024 and January 2025, and vendor staff. North has a card on file
 * (both invoices PAID) and two leases, one with an add-on; South has no card (both invoices OPEN).
 * The clock is left at 2025-02-10T12:00:00Z.
 */
export async function billedWorld(t: TestApp) {
  t.clock.set('2024-12-01T00:00:00Z');
  const catalog = await catalogOf(t.db);
  const lease = leaseActions(t.db, t.clock, catalog);
  const north = await createPartner(t.db, { company: 'North Hosting' });
  const south = await createPartner(t.db, { company: 'South Hosting' });
  await cardOnFile(billingDeps(t.db, t.clock), north.id);
  const northLeases = [await lease.start(north.id, 'SM-ENT-250', ['ACTIVESYNC'], 'ann@north.test'), await lease.start(north.id, 'ST-PRO-5', [], 'bob@north.test')];
  const southLease = await lease.start(south.id, 'SS-PRO-50', [], 'cy@south.test');
  t.clock.set('2025-01-01T00:10:00Z');
  await runBilling(billingDeps(t.db, t.clock), { period: '2024-12' });
  t.clock.set('2025-02-01T00:10:00Z');
  await runBilling(billingDeps(t.db, t.clock), { period: '2025-01' });
  t.clock.set('2025-02-10T12:00:00Z');

  const invoices = async (partnerId: number) => {
    const rows = await t.db.invoice.findMany({ where: { partnerId }, orderBy: { period: 'asc' } });
    return rows.map((row) => ({ ...row, gid: encodeGlobalID('Invoice', row.id) }));
  };
  const users = {
    northOwner: await signedInUser(t.db, t.clock, north.id, 'OWNER'),
    northBilling: await signedInUser(t.db, t.clock, north.id, 'BILLING'),
    northManager: await signedInUser(t.db, t.clock, north.id, 'MANAGER'),
    northAnalyst: await signedInUser(t.db, t.clock, north.id, 'ANALYST'),
    southOwner: await signedInUser(t.db, t.clock, south.id, 'OWNER'),
    vendor: await signedInUser(t.db, t.clock, null, 'ADMIN'),
  };
  const keys = {
    northBillingRead: await apiKeyFor(t.db, north.id, ['billing:read']),
    northBillingWrite: await apiKeyFor(t.db, north.id, ['billing:read', 'billing:write']),
    northLeasesOnly: await apiKeyFor(t.db, north.id, ['leases:read', 'leases:write']),
  };
  return { catalog, north, south, northLeases, southLease, users, keys, northInvoices: await invoices(north.id), southInvoices: await invoices(south.id) };
}

export type BilledWorld = Awaited<ReturnType<typeof billedWorld>>;
