import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '@leaseboard/db';
import { addOn, catalogOf, createPartner, product } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { appendedRollupRows } from '../../test/report-rollups.ts';
import type { Catalog } from '@leaseboard/db/catalog';
import { modifyLease } from '../leases/modify-lease.ts';
import { startLease } from '../leases/start-lease.ts';
import { stopLease } from '../leases/stop-lease.ts';
import { compactReportRollups } from './compact-report-rollups.ts';

/**
 * The report rollups (LeaseDayMovement, ActiveLeaseTally, ActiveAddOnTally and Lease.addOnIds, migration
 * report_rollups) are kept by triggers, which append rows that the compaction job folds. After every kind
 * of write, through the domain and in raw SQL, and after compaction, they must equal what is recomputed here
 * in JavaScript from every Lease and LeaseAddOn row.
 */
let t: TestServices;
let catalog: Catalog;
let partners: number[];
const leaseIds: number[] = [];

const meta = () => ({ viewer: { kind: 'anonymous' as const, scopes: new Set<never>(), label: 'test' }, ip: null, requestId: 'test', at: t.clock.now() });
const sql = (text: string, values: unknown[] = []) => poolOf(t.db).query(text, values);

function ok<T>(result: { ok: true; value: T } | { ok: false; errors: { code: string }[] }): T {
  if (!result.ok) throw new Error(result.errors.map((e) => e.code).join());
  return result.value;
}

beforeAll(async () => {
  t = await createTestServices({ now: '2026-03-10T09:30:00Z' });
  catalog = await catalogOf(t.db);
  partners = [(await createPartner(t.db)).id, (await createPartner(t.db)).id];
});
afterAll(() => t.close());

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

function add(map: Map<string, number>, key: string, by: number) {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** The rollups as they should be: from the rows themselves. */
async function recomputed() {
  const leases = (await sql(`SELECT id, "partnerId", "productId", "startedAt", "stoppedAt", status FROM "Lease"`)).rows;
  const addOns = (await sql(`SELECT la."leaseId", la."addOnId", l."partnerId", l."productId", l.status FROM "LeaseAddOn" la JOIN "Lease" l ON l.id = la."leaseId"`)).rows;
  const days = new Map<string, number>();
  const active = new Map<string, number>();
  const activeAddOns = new Map<string, number>();
  const addOnIds = new Map<number, number[]>(leases.map((l) => [l.id, []]));
  for (const l of leases) {
    add(days, `${l.partnerId}/${l.productId}/${utcDay(l.startedAt)}/started`, 1);
    if (l.stoppedAt) add(days, `${l.partnerId}/${l.productId}/${utcDay(l.stoppedAt)}/stopped`, 1);
    if (l.status === 'ACTIVE') add(active, `${l.partnerId}/${l.productId}`, 1);
  }
  for (const a of addOns) {
    if (a.status === 'ACTIVE') add(activeAddOns, `${a.partnerId}/${a.productId}/${a.addOnId}`, 1);
    addOnIds.get(a.leaseId)!.push(a.addOnId);
  }
  return {
    days: sorted(days),
    active: sorted(active),
    activeAddOns: sorted(activeAddOns),
    addOnIds: Object.fromEntries([...addOnIds].map(([id, ids]) => [id, ids.sort((x, y) => x - y)])),
  };
}

/** The rollups as the triggers left them; rows that add up to zero count as absent. */
async function stored() {
  const days = new Map<string, number>();
  for (const r of (await sql(`SELECT "partnerId", "productId", to_char(day, 'YYYY-MM-DD') AS day, started, stopped FROM "LeaseDayMovement"`)).rows) {
    add(days, `${r.partnerId}/${r.productId}/${r.day}/started`, r.started);
    add(days, `${r.partnerId}/${r.productId}/${r.day}/stopped`, r.stopped);
  }
  const active = new Map<string, number>();
  for (const r of (await sql(`SELECT "partnerId", "productId", leases FROM "ActiveLeaseTally"`)).rows) add(active, `${r.partnerId}/${r.productId}`, r.leases);
  const activeAddOns = new Map<string, number>();
  for (const r of (await sql(`SELECT "partnerId", "productId", "addOnId", leases FROM "ActiveAddOnTally"`)).rows) {
    add(activeAddOns, `${r.partnerId}/${r.productId}/${r.addOnId}`, r.leases);
  }
  const addOnIds = Object.fromEntries((await sql(`SELECT id, "addOnIds" FROM "Lease"`)).rows.map((r) => [r.id, r.addOnIds]));
  return { days: sorted(days), active: sorted(active), activeAddOns: sorted(activeAddOns), addOnIds };
}

function sorted(map: Map<string, number>): [string, number][] {
  return [...map].filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b));
}

async function expectRollupsToMatchTheRows() {
  const expected = await recomputed();
  expect(await stored()).toEqual(expected);
  return expected;
}

describe('report rollups', () => {
  it('follow lease starts with add-ons, on several days', async () => {
    for (let i = 0; i < 30; i++) {
      if (i % 10 === 0) t.clock.advance(86_400_000);
      const sku = skus[i % skus.length]!;
      const addOnIds = sku.startsWith('SM-ENT') ? [addOn(catalog, 'PREMIUM_ANTISPAM').id, addOn(catalog, 'ACTIVESYNC').id] : [];
      const started = ok(await startLease(t.db, partners[i % 2]!, meta(), { productId: product(catalog, sku).id, addOnIds, customer: { email: `c${i % 11}@rollups.test` } }));
      leaseIds.push(started.leaseId);
    }
    const expected = await expectRollupsToMatchTheRows();
    expect(expected.days.length).toBeGreaterThan(10);
    expect(expected.activeAddOns.length).toBeGreaterThan(1);
    expect(Object.values(expected.addOnIds).filter((ids) => ids.length === 2)).toHaveLength(12);
  });

  it('follow upgrades, downgrades, added and removed add-ons, and stops', async () => {
    t.clock.advance(86_400_000);
    // Leases were started round-robin over skus: 0 SM-PRO-250, 1 SM-ENT-500 and 4 SM-ENT-250 (both with
    // PREMIUM_ANTISPAM and ACTIVESYNC).
    for (const [i, leaseId] of leaseIds.entries()) {
      const partnerId = partners[i % 2]!;
      const [antispam, activesync] = [addOn(catalog, 'PREMIUM_ANTISPAM').id, addOn(catalog, 'ACTIVESYNC').id];
      if (i % 5 === 0) ok(await modifyLease(t.db, partnerId, meta(), { leaseId, productId: product(catalog, 'SM-PRO-500').id, addAddOnIds: [antispam], removeAddOnIds: [] }));
      if (i % 5 === 1) ok(await modifyLease(t.db, partnerId, meta(), { leaseId, productId: product(catalog, 'SM-ENT-250').id, addAddOnIds: [], removeAddOnIds: [activesync] }));
      if (i % 5 === 4) ok(await modifyLease(t.db, partnerId, meta(), { leaseId, addAddOnIds: [], removeAddOnIds: [antispam] }));
      if (i % 7 === 3) ok(await stopLease(t.db, partnerId, meta(), { leaseId }));
    }
    const expected = await expectRollupsToMatchTheRows();
    expect(expected.days.some(([key]) => key.endsWith('/stopped'))).toBe(true);
  });

  it('ignore a heartbeat, and follow raw writes: dates, product, add-ons, a multi-row insert, deletes', async () => {
    const rollupRows = `SELECT (SELECT max(id) FROM "LeaseDayMovement") AS days, (SELECT max(id) FROM "ActiveLeaseTally") AS leases, (SELECT max(id) FROM "ActiveAddOnTally") AS add_ons`;
    const before = (await sql(rollupRows)).rows;
    await sql(`UPDATE "Lease" SET "lastSeenAt" = now(), "serverName" = 'mail.rollups.test' WHERE id = ANY($1)`, [leaseIds.slice(0, 10)]);
    expect((await sql(rollupRows)).rows).toEqual(before);

    await sql(`UPDATE "Lease" SET "startedAt" = "startedAt" - interval '40 days' WHERE id = ANY($1)`, [leaseIds.slice(2, 6)]);
    await sql(`UPDATE "Lease" SET "productId" = $1 WHERE id = $2`, [product(catalog, 'SM-ENT-1000').id, leaseIds[6]]);
    await sql(`UPDATE "Lease" SET status = 'ACTIVE', "stoppedAt" = NULL WHERE id = $1`, [leaseIds[3]]);
    await sql(`INSERT INTO "LeaseAddOn" ("leaseId", "addOnId") VALUES ($1, $2), ($3, $2)`, [leaseIds[7], addOn(catalog, 'PREMIUM_ANTISPAM').id, leaseIds[8]]);
    await sql(`DELETE FROM "LeaseAddOn" WHERE "leaseId" = $1`, [leaseIds[1]]);
    const customer = (await sql(`SELECT id FROM "Customer" WHERE "partnerId" = $1 LIMIT 1`, [partners[0]])).rows[0].id;
    await sql(
      `INSERT INTO "Lease" ("partnerId", "customerId", "productId", "licenseKey", status, "startedAt", "stoppedAt", "sendKeyTo", "customerEmailNorm", "updatedAt")
       SELECT $1, $2, $3, 'ROLLUPS' || n, CASE WHEN n % 3 = 0 THEN 'STOPPED' ELSE 'ACTIVE' END::"LeaseStatus",
              timestamptz '2025-12-31 23:59:59.999Z' + n * interval '7 hours', CASE WHEN n % 3 = 0 THEN timestamptz '2026-02-01Z' END,
              'x@rollups.test', 'x@rollups.test', now()
       FROM generate_series(1, 12) n`,
      [partners[0], customer, product(catalog, 'ST-PRO-5').id],
    );
    await sql(`DELETE FROM "Lease" WHERE id = ANY($1)`, [leaseIds.slice(10, 13)]);
    await expectRollupsToMatchTheRows();
  });

  it('keep concurrent starts and stops of one partner and product exact', async () => {
    const sku = product(catalog, 'SS-ENT-50').id;
    const started = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => ok(await startLease(t.db, partners[1]!, meta(), { productId: sku, addOnIds: [], customer: { email: `race${i}@rollups.test` } }))),
    );
    await Promise.all(started.slice(0, 6).map(async ({ leaseId }) => ok(await stopLease(t.db, partners[1]!, meta(), { leaseId }))));
    await expectRollupsToMatchTheRows();
  });

  it('keep the same sums when compacted to one row per key, also while leases are written', async () => {
    const before = await stored();
    expect(await appendedRollupRows(t.db)).toBeGreaterThan(0);
    expect(await compactReportRollups(t.db)).toBeGreaterThan(0);
    expect(await appendedRollupRows(t.db)).toBe(0);
    expect(await stored()).toEqual(before);
    expect(await compactReportRollups(t.db)).toBe(0);
    const perKey = await sql(`
      SELECT (SELECT count(*) FROM "LeaseDayMovement") - (SELECT count(*) FROM (SELECT DISTINCT "partnerId", "productId", day FROM "LeaseDayMovement") k) AS days,
             (SELECT count(*) FROM "ActiveLeaseTally") - (SELECT count(*) FROM (SELECT DISTINCT "partnerId", "productId" FROM "ActiveLeaseTally") k) AS leases,
             (SELECT count(*) FROM "ActiveAddOnTally") - (SELECT count(*) FROM (SELECT DISTINCT "partnerId", "productId", "addOnId" FROM "ActiveAddOnTally") k) AS add_ons`);
    expect(perKey.rows[0]).toEqual({ days: '0', leases: '0', add_ons: '0' });

    const sku = product(catalog, 'SM-ENT-500').id;
    const antispam = addOn(catalog, 'PREMIUM_ANTISPAM').id;
    await Promise.all([
      ...Array.from({ length: 8 }, async (_, i) => {
        const { leaseId } = ok(await startLease(t.db, partners[1]!, meta(), { productId: sku, addOnIds: [antispam], customer: { email: `compact${i}@rollups.test` } }));
        if (i % 2) ok(await stopLease(t.db, partners[1]!, meta(), { leaseId }));
      }),
      compactReportRollups(t.db),
      compactReportRollups(t.db),
    ]);
    await expectRollupsToMatchTheRows();
    await compactReportRollups(t.db);
    await expectRollupsToMatchTheRows();
  });

  it('lose a deleted partner with its leases', async () => {
    await sql(`DELETE FROM "Partner" WHERE id = $1`, [partners[0]]);
    const expected = await expectRollupsToMatchTheRows();
    expect(expected.active.every(([key]) => !key.startsWith(`${partners[0]}/`))).toBe(true);
  });

  it('are rebuilt to the same rows from scratch', async () => {
    const before = await stored();
    await sql(`SELECT "lb_rebuild_report_rollups"()`);
    expect(await stored()).toEqual(before);
  });
});

const skus = ['SM-PRO-250', 'SM-ENT-500', 'ST-PRO-5', 'SS-ENT-50', 'SM-ENT-250'];
