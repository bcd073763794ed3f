import type { Catalog } from '@leaseboard/seed/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOn, catalogOf, createPartner, gid, product, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { START, type Payload } from './lease-gql.ts';

const STOP_LEASES = `mutation($input: StopLeasesInput!) { stopLeases(input: $input) {
  result { dryRun stoppedCount alreadyStoppedCount notFoundCount refusedCount monthlySavingCents matchedCount remainingCount
    results { leaseId leaseNumber outcome code productName customerEmail monthlyCents } }
  userErrors { code field message } } }`;
const IDLE = `{ reports { idleLeases(first: 100) { totalCount totalMonthlyCents edges { node { leaseNumber } } } } }`;
const LEASE = `query($n: Int!) { lease(leaseNumber: $n) { status monthlyPriceCents history { action } } }`;

interface Outcome { leaseId: string; leaseNumber: number; outcome: string; code: string | null; productName: string | null; customerEmail: string | null; monthlyCents: number }
interface StopLeasesPayload {
  result: {
    dryRun: boolean; stoppedCount: number; alreadyStoppedCount: number; notFoundCount: number; refusedCount: number
    monthlySavingCents: number; matchedCount: number; remainingCount: number; results: Outcome[]
  } | null;
  userErrors: { code: string; field: string[] | null; message: string }[];
}

let t: TestApp;
let catalog: Catalog;
let partnerId: number;
let headers: Record<string, string>;
let otherHeaders: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-15T12:00:00Z' });
  catalog = await catalogOf(t.db);
  partnerId = (await createPartner(t.db, { company: 'Northwind' })).id;
  headers = (await signedInUser(t.db, t.clock, partnerId, 'MANAGER')).headers;
  const otherId = (await createPartner(t.db, { company: 'Contoso' })).id;
  otherHeaders = (await signedInUser(t.db, t.clock, otherId, 'MANAGER')).headers;
});
afterAll(() => t.close());

let customerCount = 0;
async function startLease(as: Record<string, string>, sku = 'SM-PRO-250', addOns: string[] = []) {
  const input = { productId: product(catalog, sku).gid, addOnIds: addOns.map((code) => addOn(catalog, code).gid), customer: { email: `c${++customerCount}@customer.test` } };
  const result = await t.gql<{ startLease: Payload }>(START, { input }, as);
  expect(result.data.startLease.userErrors).toEqual([]);
  return result.data.startLease.lease!;
}

/** Leases activated a moment ago are in use: not idle. */
async function markInUse(leaseNumber: number) {
  await t.db.lease.update({ where: { id: leaseNumber }, data: { serverName: 'mail.in-use.test', lastSeenAt: t.clock.now() } });
}

async function stopLeases(input: Record<string, unknown>, as = headers) {
  const result = await t.gql<{ stopLeases: StopLeasesPayload }>(STOP_LEASES, { input }, as);
  expect(result.errors).toBeUndefined();
  return result.data.stopLeases;
}

async function leaseOf(leaseNumber: number) {
  const result = await t.gql<{ lease: { status: string; monthlyPriceCents: number; history: { action: string }[] } }>(LEASE, { n: leaseNumber }, headers);
  return result.data.lease;
}

describe('stopLeases', () => {
  describe('by IDs', () => {
    let a: Awaited<ReturnType<typeof startLease>>;
    let b: Awaited<ReturnType<typeof startLease>>;
    let stopped: Awaited<ReturnType<typeof startLease>>;
    let theirs: Awaited<ReturnType<typeof startLease>>;
    let ids: string[];

    beforeAll(async () => {
      a = await startLease(headers, 'SM-PRO-250', ['PREMIUM_ANTISPAM']);
      b = await startLease(headers, 'ST-PRO-5');
      stopped = await startLease(headers);
      await t.gql(`mutation($id: ID!) { stopLease(input: { leaseId: $id }) { userErrors { code } } }`, { id: stopped.id }, headers);
      theirs = await startLease(otherHeaders);
      ids = [a.id, b.id, stopped.id, theirs.id, gid('Lease', 999_999)];
    });

    describe('when it is a dry run', () => {
      it('says per lease what would happen and the monthly saving, priced as each lease shows its price, and changes nothing', async () => {
        const auditBefore = await t.db.auditLog.count({ where: { partnerId } });
        const payload = await stopLeases({ leaseIds: ids, dryRun: true });
        expect(payload.userErrors).toEqual([]);
        expect(payload.result!.results.map((r) => [r.leaseNumber, r.outcome, r.code])).toEqual([
          [a.leaseNumber, 'WOULD_STOP', null],
          [b.leaseNumber, 'WOULD_STOP', null],
          [stopped.leaseNumber, 'ALREADY_STOPPED', 'LEASE_ALREADY_STOPPED'],
          [theirs.leaseNumber, 'NOT_FOUND', 'LEASE_NOT_FOUND'],
          [999_999, 'NOT_FOUND', 'LEASE_NOT_FOUND'],
        ]);
        expect(a.monthlyPriceCents).toBeGreaterThan(product(catalog, 'SM-PRO-250').priceCents);
        expect(payload.result).toMatchObject({
          dryRun: true, stoppedCount: 2, alreadyStoppedCount: 1, notFoundCount: 2, refusedCount: 0,
          monthlySavingCents: a.monthlyPriceCents + b.monthlyPriceCents, matchedCount: 5, remainingCount: 0,
        });
        expect(payload.result!.results[3]).toMatchObject({ productName: null, customerEmail: null, monthlyCents: 0 });
        expect((await leaseOf(a.leaseNumber)).status).toBe('ACTIVE');
        expect(await t.db.auditLog.count({ where: { partnerId } })).toBe(auditBefore);
      });
    });

    describe('when it runs', () => {
      it('stops each lease as stopLease does (history and audit entry) and leaves the rest alone', async () => {
        const payload = await stopLeases({ leaseIds: ids, idempotencyKey: 'batch-1' });
        expect(payload.result!.results.map((r) => r.outcome)).toEqual(['STOPPED', 'STOPPED', 'ALREADY_STOPPED', 'NOT_FOUND', 'NOT_FOUND']);
        expect(payload.result).toMatchObject({ dryRun: false, stoppedCount: 2, monthlySavingCents: a.monthlyPriceCents + b.monthlyPriceCents });
        for (const lease of [a, b]) {
          const now = await leaseOf(lease.leaseNumber);
          expect(now.status).toBe('STOPPED');
          expect(now.history.map((h) => h.action)).toEqual(['STARTED', 'STOPPED']);
          expect(await t.db.auditLog.count({ where: { partnerId, action: 'lease.stop', targetId: String(lease.leaseNumber) } })).toBe(1);
        }
        const others = await t.db.lease.findUniqueOrThrow({ where: { id: theirs.leaseNumber } });
        expect(others.status).toBe('ACTIVE');
      });

      it('answers a retry with the same key with the first result, and refuses the key with another input', async () => {
        const again = await stopLeases({ leaseIds: ids, idempotencyKey: 'batch-1' });
        expect(again.result!.results.map((r) => r.outcome)).toEqual(['STOPPED', 'STOPPED', 'ALREADY_STOPPED', 'NOT_FOUND', 'NOT_FOUND']);
        expect(await t.db.auditLog.count({ where: { partnerId, action: 'lease.stop', targetId: String(a.leaseNumber) } })).toBe(1);

        const other = await stopLeases({ leaseIds: [a.id], idempotencyKey: 'batch-1' });
        expect(other).toEqual({ result: null, userErrors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })] });
      });
    });
  });

  describe('by the idle filter', () => {
    it('selects exactly the leases of the idle-leases report, saves its total, and empties it', async () => {
      await t.db.lease.updateMany({ where: { partnerId, status: 'ACTIVE' }, data: { status: 'STOPPED', stoppedAt: t.clock.now() } });
      const idleOne = await startLease(headers, 'SM-PRO-500', ['PREMIUM_ANTISPAM']);
      const idleTwo = await startLease(headers, 'ST-PRO-5');
      const inUse = await startLease(headers);
      await markInUse(inUse.leaseNumber);
      // The two never activated started two weeks ago, past their grace period; one started now is in its own.
      await t.db.lease.updateMany({ where: { id: { in: [idleOne.leaseNumber, idleTwo.leaseNumber] } }, data: { startedAt: new Date(t.clock.now().getTime() - 14 * 86_400_000) } });
      const fresh = await startLease(headers);

      const report = (await t.gql<{ reports: { idleLeases: { totalCount: number; totalMonthlyCents: number; edges: { node: { leaseNumber: number } }[] } } }>(IDLE, {}, headers)).data.reports.idleLeases;
      expect(report.edges.map((e) => e.node.leaseNumber).sort()).toEqual([idleOne.leaseNumber, idleTwo.leaseNumber].sort());

      const dry = await stopLeases({ idleLeases: {}, dryRun: true });
      expect(dry.result!.results.map((r) => r.leaseNumber)).toEqual(report.edges.map((e) => e.node.leaseNumber));
      expect(dry.result).toMatchObject({ stoppedCount: 2, monthlySavingCents: report.totalMonthlyCents, matchedCount: 2, remainingCount: 0 });
      expect(report.totalMonthlyCents).toBe(idleOne.monthlyPriceCents + idleTwo.monthlyPriceCents);

      const done = await stopLeases({ idleLeases: {} });
      expect(done.result).toMatchObject({ stoppedCount: 2, monthlySavingCents: report.totalMonthlyCents });
      expect((await leaseOf(inUse.leaseNumber)).status).toBe('ACTIVE');
      expect((await leaseOf(fresh.leaseNumber)).status).toBe('ACTIVE');
      const after = (await t.gql<{ reports: { idleLeases: { totalCount: number } } }>(IDLE, {}, headers)).data.reports.idleLeases;
      expect(after.totalCount).toBe(0);
    });
  });

  describe('by a lease filter (the leases list: "all N matching")', () => {
    it('selects the active leases the filter matches, as leases(filter:) does, and stops only those', async () => {
      const tag = 'matching-filter.test';
      const email = (n: number) => `m${n}@${tag}`;
      const start = async (sku: string, n: number, as = headers) => {
        const input = { productId: product(catalog, sku).gid, addOnIds: [], customer: { email: email(n) } };
        const result = await t.gql<{ startLease: Payload }>(START, { input }, as);
        return result.data.startLease.lease!;
      };
      const mail = [await start('SM-PRO-250', 1), await start('SM-PRO-500', 2)];
      const track = await start('ST-PRO-5', 3);
      const stoppedMail = await start('SM-PRO-250', 4);
      await stopLeases({ leaseIds: [stoppedMail.id] });
      const theirs = await start('SM-PRO-250', 5, otherHeaders);
      const filter = { search: tag, productTypeId: gid('ProductType', product(catalog, 'SM-PRO-250').productTypeId) };

      const listed = await t.gql<{ leases: { totalCount: number; edges: { node: { leaseNumber: number; status: string } }[] } }>(
        'query($f: LeaseFilter) { leases(filter: $f, first: 100) { totalCount edges { node { leaseNumber status } } } }',
        { f: filter },
        headers,
      );
      const activeListed = listed.data.leases.edges.filter((e) => e.node.status === 'ACTIVE').map((e) => e.node.leaseNumber);
      expect(activeListed.sort()).toEqual(mail.map((l) => l.leaseNumber).sort());

      const dry = await stopLeases({ matchingLeases: filter, dryRun: true });
      expect(dry.result).toMatchObject({ dryRun: true, stoppedCount: 2, matchedCount: 2, remainingCount: 0, monthlySavingCents: mail[0]!.monthlyPriceCents + mail[1]!.monthlyPriceCents });
      expect(dry.result!.results.map((r) => [r.leaseNumber, r.outcome])).toEqual(mail.map((l) => [l.leaseNumber, 'WOULD_STOP']));
      expect((await leaseOf(mail[0]!.leaseNumber)).status).toBe('ACTIVE');

      const done = await stopLeases({ matchingLeases: filter, idempotencyKey: 'stop-matching-1' });
      expect(done.result!.results.map((r) => [r.leaseNumber, r.outcome])).toEqual(mail.map((l) => [l.leaseNumber, 'STOPPED']));
      for (const lease of mail) expect((await leaseOf(lease.leaseNumber)).status).toBe('STOPPED');
      expect((await leaseOf(track.leaseNumber)).status).toBe('ACTIVE');
      const theirLease = await t.gql<{ lease: { status: string } }>(LEASE, { n: theirs.leaseNumber }, otherHeaders);
      expect(theirLease.data.lease.status).toBe('ACTIVE');

      const again = await stopLeases({ matchingLeases: filter, idempotencyKey: 'stop-matching-1' });
      expect(again.result).toEqual(done.result);
      expect((await stopLeases({ matchingLeases: filter, dryRun: true })).result).toMatchObject({ matchedCount: 0, results: [] });
      expect((await stopLeases({ matchingLeases: { ...filter, status: 'STOPPED' }, dryRun: true })).result).toMatchObject({ matchedCount: 0, results: [] });
    });

    it('takes the 200 lowest IDs of a larger match and says how many are left', async () => {
      const tag = 'many-matching.test';
      const rows = Array.from({ length: 205 }, (_, i) => i);
      const customer = await t.db.customer.create({ data: { partnerId, email: `bulk@${tag}`, emailNorm: `bulk@${tag}` } });
      const productId = product(catalog, 'SM-PRO-250').id;
      await t.db.lease.createMany({
        data: rows.map((i) => ({ partnerId, customerId: customer.id, productId, licenseKey: `KEY${String(i).padStart(8, '0')}MANY`, customerEmailNorm: `bulk@${tag}`, sendKeyTo: `bulk@${tag}`, startedAt: t.clock.now(), status: 'ACTIVE' as const })),
      });
      const dry = await stopLeases({ matchingLeases: { customerEmail: tag }, dryRun: true });
      expect(dry.result).toMatchObject({ matchedCount: 205, remainingCount: 5 });
      const numbers = dry.result!.results.map((r) => r.leaseNumber);
      expect(numbers).toHaveLength(200);
      expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
    });
  });

  describe('when the selection is wrong', () => {
    it('refuses more than 200 leases in one call, saying the limit, and stops none', async () => {
      const lease = await startLease(headers);
      const many = [lease.id, ...Array.from({ length: 200 }, (_, i) => gid('Lease', 1_000_000 + i))];
      const payload = await stopLeases({ leaseIds: many });
      expect(payload.result).toBeNull();
      expect(payload.userErrors).toEqual([{ code: 'TOO_MANY_LEASES', field: ['leaseIds'], message: expect.stringContaining('At most 200 leases per call') }]);
      expect((await leaseOf(lease.leaseNumber)).status).toBe('ACTIVE');
    });

    it('refuses a call that selects by neither or by both', async () => {
      const lease = await startLease(headers);
      for (const input of [{}, { leaseIds: [] }, { leaseIds: [lease.id], idleLeases: {} }, { idleLeases: {}, matchingLeases: {} }, { leaseIds: [lease.id], matchingLeases: {} }]) {
        const payload = await stopLeases(input);
        expect(payload.userErrors.map((e) => e.code)).toEqual(['NO_LEASES_SELECTED']);
      }
      expect((await leaseOf(lease.leaseNumber)).status).toBe('ACTIVE');
    });
  });
});
