import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '@leaseboard/db';
import { modifyLease } from './modify-lease.ts';
import { startLease } from './start-lease.ts';
import { stopLease } from './stop-lease.ts';
import { addOn, catalogOf, createPartner, product } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';

/**
 * LeaseAddOn carries its lease's partner and customer (for the export's index range). Triggers keep them
 * right whoever writes: the app through Prisma, raw SQL with wrong values, or a lease that changes hands.
 */
let t: TestServices;
beforeAll(async () => {
  t = await createTestServices();
});
afterAll(() => t.close());

const meta = () => ({ viewer: { kind: 'anonymous' as const, scopes: new Set<never>(), label: 'test' }, ip: null, requestId: 'test', at: t.clock.now() });

/** Add-on rows whose copies differ from their lease's values. */
async function mismatches(): Promise<number> {
  const result = await poolOf(t.db).query<{ n: number }>(`
    SELECT count(*)::int AS n FROM "LeaseAddOn" la JOIN "Lease" l ON l.id = la."leaseId"
    WHERE la."partnerId" <> l."partnerId" OR la."customerId" <> l."customerId" OR la."productId" <> l."productId"
       OR la."leaseActive" <> (l.status = 'ACTIVE')`);
  return result.rows[0]!.n;
}

async function addOnRows(leaseId: number) {
  return t.db.leaseAddOn.findMany({ where: { leaseId }, select: { partnerId: true, customerId: true } });
}

describe('LeaseAddOn.partnerId, customerId, productId and leaseActive', () => {
  it('are the lease’s for add-ons written by startLease and modifyLease', async () => {
    const catalog = await catalogOf(t.db);
    const partner = await createPartner(t.db);
    const started = await startLease(t.db, partner.id, meta(), {
      productId: product(catalog, 'SM-ENT-250').id,
      addOnIds: [addOn(catalog, 'ACTIVESYNC').id],
      customer: { email: 'owner@example.test' },
    });
    if (!started.ok) throw new Error(started.errors.map((e) => e.code).join());
    const modified = await modifyLease(t.db, partner.id, meta(), {
      leaseId: started.value.leaseId,
      productId: product(catalog, 'SM-ENT-500').id,
      addAddOnIds: [addOn(catalog, 'PREMIUM_ANTISPAM').id],
      removeAddOnIds: [],
    });
    if (!modified.ok) throw new Error(modified.errors.map((e) => e.code).join());
    expect(await t.db.leaseAddOn.findMany({ where: { leaseId: started.value.leaseId }, select: { productId: true, leaseActive: true } })).toEqual([
      { productId: product(catalog, 'SM-ENT-500').id, leaseActive: true },
      { productId: product(catalog, 'SM-ENT-500').id, leaseActive: true },
    ]);
    const lease = await t.db.lease.findUniqueOrThrow({ where: { id: started.value.leaseId } });
    expect(await addOnRows(lease.id)).toEqual([
      { partnerId: partner.id, customerId: lease.customerId },
      { partnerId: partner.id, customerId: lease.customerId },
    ]);
    expect(await mismatches()).toBe(0);

    const stopped = await stopLease(t.db, partner.id, meta(), { leaseId: lease.id });
    if (!stopped.ok) throw new Error(stopped.errors.map((e) => e.code).join());
    expect((await t.db.leaseAddOn.findMany({ where: { leaseId: lease.id } })).map((row) => row.leaseActive)).toEqual([false, false]);
    expect(await mismatches()).toBe(0);
  });

  it('are the lease’s even when a writer says otherwise', async () => {
    const catalog = await catalogOf(t.db);
    const lease = await t.db.lease.findFirstOrThrow();
    await poolOf(t.db).query(`DELETE FROM "LeaseAddOn" WHERE "leaseId" = $1`, [lease.id]);
    await poolOf(t.db).query(`INSERT INTO "LeaseAddOn" ("leaseId", "addOnId", "partnerId", "customerId") VALUES ($1, $2, 999999, 999999)`, [
      lease.id,
      addOn(catalog, 'ACTIVESYNC').id,
    ]);
    await poolOf(t.db).query(`UPDATE "LeaseAddOn" SET "customerId" = 424242 WHERE "leaseId" = $1`, [lease.id]);
    expect(await addOnRows(lease.id)).toEqual([{ partnerId: lease.partnerId, customerId: lease.customerId }]);
  });

  it('follow a lease that moves to another customer', async () => {
    const lease = await t.db.lease.findFirstOrThrow({ where: { addOns: { some: {} } } });
    const other = await t.db.customer.create({ data: { partnerId: lease.partnerId, email: 'moved@example.test', emailNorm: 'moved@example.test' } });
    await t.db.lease.update({ where: { id: lease.id }, data: { customerId: other.id } });
    expect((await addOnRows(lease.id)).every((row) => row.customerId === other.id)).toBe(true);
    expect(await mismatches()).toBe(0);
  });
});
