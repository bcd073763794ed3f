import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, gid, signedInUser, startedLease } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

const STOP = `mutation($input: StopLeasesInput!) {
  stopLeases(input: $input) {
    result { dryRun monthlySavingCents leases { leaseNumber outcome code monthlyCents } }
    userErrors { code field }
  }
}`;

type Result = { dryRun: boolean; monthlySavingCents: number; leases: { leaseNumber: number; outcome: string; code: string | null; monthlyCents: number }[] };
type Payload = { stopLeases: { result: Result | null; userErrors: { code: string; field: string[] | null }[] } };

let t: TestApp;
let owner: Awaited<ReturnType<typeof signedInUser>>;
let partnerId: number;

beforeAll(async () => {
  t = await createTestApp();
  partnerId = (await createPartner(t.db)).id;
  owner = await signedInUser(t.db, t.clock, partnerId, 'OWNER');
});
afterAll(() => t.close());

const status = async (id: number) => (await t.db.lease.findUniqueOrThrow({ where: { id } })).status;

describe('stopLeases', () => {
  describe('when it is a dry run', () => {
    it('returns what would stop and the monthly saving, and stops nothing', async () => {
      const one = await startedLease(t.db, t.clock, partnerId, 'SM-PRO-250');
      const two = await startedLease(t.db, t.clock, partnerId, 'SM-PRO-500');
      const { data } = await t.gql<Payload>(STOP, { input: { leaseIds: [one.gid, two.gid], dryRun: true } }, owner.headers);
      const result = data.stopLeases.result!;
      expect(result.dryRun).toBe(true);
      expect(result.leases.map((l) => [l.leaseNumber, l.outcome])).toEqual([[one.id, 'WOULD_STOP'], [two.id, 'WOULD_STOP']]);
      expect(result.leases.every((l) => l.monthlyCents > 0)).toBe(true);
      expect(result.monthlySavingCents).toBe(result.leases[0]!.monthlyCents + result.leases[1]!.monthlyCents);
      expect([await status(one.id), await status(two.id)]).toEqual(['ACTIVE', 'ACTIVE']);
    });
  });

  describe('when it runs', () => {
    it('stops each lease through stopLease (history and audit), and refuses one already stopped without stopping the rest short', async () => {
      const one = await startedLease(t.db, t.clock, partnerId);
      const done = await startedLease(t.db, t.clock, partnerId);
      await t.gql(STOP, { input: { leaseIds: [done.gid], dryRun: false } }, owner.headers);
      const { data } = await t.gql<Payload>(STOP, { input: { leaseIds: [done.gid, one.gid], dryRun: false, idempotencyKey: 'bulk-1' } }, owner.headers);
      expect(data.stopLeases.result!.leases.map((l) => [l.leaseNumber, l.outcome, l.code])).toEqual([
        [done.id, 'REFUSED', 'LEASE_ALREADY_STOPPED'],
        [one.id, 'STOPPED', null],
      ]);
      expect(await status(one.id)).toBe('STOPPED');
      expect(await t.db.leaseHistory.count({ where: { leaseId: one.id, action: 'STOPPED' } })).toBe(1);
      expect(await t.db.auditLog.count({ where: { targetId: String(one.id), action: 'lease.stop' } })).toBe(1);
    });

    it('replays the same outcome for a retry with the same idempotency key', async () => {
      const one = await startedLease(t.db, t.clock, partnerId);
      const input = { leaseIds: [one.gid], dryRun: false, idempotencyKey: 'bulk-retry' };
      const first = await t.gql<Payload>(STOP, { input }, owner.headers);
      const again = await t.gql<Payload>(STOP, { input }, owner.headers);
      expect(first.data.stopLeases.result!.leases[0]!.outcome).toBe('STOPPED');
      expect(again.data.stopLeases.result!.leases[0]!.outcome).toBe('STOPPED');
      expect(await t.db.leaseHistory.count({ where: { leaseId: one.id, action: 'STOPPED' } })).toBe(1);
    });
  });

  describe('when asked for every idle lease', () => {
    it('stops the idle ones only', async () => {
      const p = (await createPartner(t.db)).id;
      const boss = await signedInUser(t.db, t.clock, p, 'OWNER');
      const idle = await startedLease(t.db, t.clock, p);
      const busy = await startedLease(t.db, t.clock, p);
      await t.db.lease.update({ where: { id: idle.id }, data: { startedAt: new Date(t.clock.now().getTime() - 60 * 86_400_000) } });
      await t.db.lease.update({ where: { id: busy.id }, data: { lastSeenAt: t.clock.now(), serverName: 'busy.example' } });
      const { data } = await t.gql<Payload>(STOP, { input: { idle: true, dryRun: false } }, boss.headers);
      expect(data.stopLeases.result!.leases.map((l) => l.leaseNumber)).toEqual([idle.id]);
      expect([await status(idle.id), await status(busy.id)]).toEqual(['STOPPED', 'ACTIVE']);
    });
  });

  describe('when neither leaseIds nor idle is given', () => {
    it('returns NOT_ALLOWED and changes nothing', async () => {
      const { data } = await t.gql<Payload>(STOP, { input: { dryRun: false } }, owner.headers);
      expect(data.stopLeases).toEqual({ result: null, userErrors: [{ code: 'NOT_ALLOWED', field: ['leaseIds'] }] });
    });
  });
});
