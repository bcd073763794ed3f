import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '@leaseboard/db';
import { addOn, catalogOf, createPartner, product } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { modifyLease } from '../leases/modify-lease.ts';
import { startLease } from '../leases/start-lease.ts';
import { stopLease } from '../leases/stop-lease.ts';
import { customerSpendIsCurrent, refreshStaleCustomerSpend } from './customer-spend.ts';
import { rankCustomersBySpend, rankLive } from './rank-customers-by-spend.ts';

/**
 * CustomerSpend, kept by triggers, must give the top-customers report exactly what the live query gives,
 * after every kind of write; and after a price change takes effect it must not be read until repriced.
 * The clock here is the real one, so the database's now() and the report's `now` see the same prices.
 */
let t: TestServices;
let partners: number[];

beforeAll(async () => {
  t = await createTestServices({ now: new Date().toISOString() });
  const catalog = await catalogOf(t.db);
  partners = [(await createPartner(t.db)).id, (await createPartner(t.db)).id];
  const meta = () => ({ viewer: { kind: 'anonymous' as const, scopes: new Set<never>(), label: 'test' }, ip: null, requestId: 'test', at: t.clock.now() });
  const skus = ['SM-PRO-250', 'SM-ENT-500', 'ST-PRO-5', 'SS-ENT-50', 'SM-ENT-250'];
  const leaseIds: number[] = [];
  for (let i = 0; i < 40; i++) {
    const sku = skus[i % skus.length]!;
    const addOnIds = sku.startsWith('SM-ENT') ? [addOn(catalog, 'ACTIVESYNC').id] : [];
    const started = await startLease(t.db, partners[i % 2]!, meta(), { productId: product(catalog, sku).id, addOnIds, customer: { email: `c${i % 13}@spend.test` } });
    if (!started.ok) throw new Error(started.errors.map((e) => e.code).join());
    leaseIds.push(started.value.leaseId);
  }
  // Upgrades with an add-on, stops, and a raw insert of an add-on: every path that changes spend.
  for (const [i, leaseId] of leaseIds.entries()) {
    const partnerId = partners[i % 2]!;
    if (i % 5 === 0) {
      const done = await modifyLease(t.db, partnerId, meta(), { leaseId, productId: product(catalog, 'SM-PRO-500').id, addAddOnIds: [addOn(catalog, 'PREMIUM_ANTISPAM').id], removeAddOnIds: [] });
      if (!done.ok) throw new Error(done.errors.map((e) => e.code).join());
    }
    if (i % 7 === 3) {
      const done = await stopLease(t.db, partnerId, meta(), { leaseId });
      if (!done.ok) throw new Error(done.errors.map((e) => e.code).join());
    }
  }
  await poolOf(t.db).query(`INSERT INTO "LeaseAddOn" ("leaseId", "addOnId") VALUES ($1, $2)`, [leaseIds[1], addOn(catalog, 'PREMIUM_ANTISPAM').id]);
});
afterAll(() => t.close());

const scopes = () => [
  { partnerId: null },
  { partnerId: partners[0]! },
  { partnerId: partners[1]! },
];

describe('CustomerSpend', () => {
  it('is current, and ranks customers exactly as the live query does', async () => {
    expect(await customerSpendIsCurrent(t.db, t.clock.now())).toBe(true);
    for (const scope of scopes()) {
      const live = (await rankLive(t.db, scope, t.clock.now(), 100)).map(({ cents, ...row }) => ({ ...row, monthlySpendCents: Number(cents) }));
      expect(live.length).toBeGreaterThan(3);
      expect(await rankCustomersBySpend(t.db, scope, t.clock.now(), 100)).toEqual(live);
    }
  });

  it('is not read once a price change takes effect, and is current again once repriced', async () => {
    const catalog = await catalogOf(t.db);
    const before = await rankCustomersBySpend(t.db, { partnerId: null }, t.clock.now(), 100);
    await poolOf(t.db).query(`INSERT INTO "ProductPrice" ("productId", "effectiveFrom", "amountCents") VALUES ($1, now() - interval '1 minute', 99900)`, [
      product(catalog, 'SM-PRO-500').id,
    ]);
    t.clock.set(new Date());
    expect(await customerSpendIsCurrent(t.db, t.clock.now())).toBe(false);
    const after = await rankCustomersBySpend(t.db, { partnerId: null }, t.clock.now(), 100);
    expect(after).not.toEqual(before);
    expect(after).toEqual((await rankLive(t.db, { partnerId: null }, t.clock.now(), 100)).map(({ cents, ...row }) => ({ ...row, monthlySpendCents: Number(cents) })));

    expect(await refreshStaleCustomerSpend(t.db)).toBeGreaterThan(0);
    expect(await customerSpendIsCurrent(t.db, t.clock.now())).toBe(true);
    expect(await rankCustomersBySpend(t.db, { partnerId: null }, t.clock.now(), 100)).toEqual(after);
    expect(await refreshStaleCustomerSpend(t.db)).toBe(0);
  });
});
