import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLicenseKey } from '@leaseboard/domain/licenses/license-key.rules';
import { createPartner, signedInUser, startedLease } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const ANSWER = `code valid message retryAfterSeconds
  license { licenseKey productSku productName edition tierSize addOnCodes }
  activation { serverName firstSeenAt lastSeenAt supersededAt overlapEndsAt flaggedAt deactivatedAt }`;
const ACTIVATE = `mutation($input: LicenseRequestInput!) { activateLicense(input: $input) { ${ANSWER} } }`;
const VALIDATE = `mutation($input: LicenseRequestInput!) { validateLicense(input: $input) { ${ANSWER} } }`;
const DEACTIVATE = `mutation($input: LicenseRequestInput!) { deactivateLicense(input: $input) { ${ANSWER} } }`;
const LEASE = `query($n: Int!) { lease(leaseNumber: $n) { machineName lastSeenAt activations { serverName supersededAt flaggedAt deactivatedAt } } }`;

type Answer = {
  code: string;
  valid: boolean;
  retryAfterSeconds: number | null;
  license: { licenseKey: string; productSku: string; tierSize: number | null } | null;
  activation: { serverName: string; firstSeenAt: string; lastSeenAt: string; supersededAt: string | null; overlapEndsAt: string | null; flaggedAt: string | null } | null;
};

const DAY = 86_400_000;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2025-02-01T08:00:00Z' });
});
afterAll(() => t.close());

async function call(document: string, input: Record<string, unknown>): Promise<Answer> {
  const response = await t.gql<Record<string, Answer>>(document, { input });
  expect(response.errors).toBeUndefined();
  return Object.values(response.data)[0]!;
}
const activate = (key: string, serverName: string, extra: Record<string, unknown> = {}) => call(ACTIVATE, { key, serverName, ...extra });
const validate = (key: string, serverName: string) => call(VALIDATE, { key, serverName });
const deactivate = (key: string, serverName: string) => call(DEACTIVATE, { key, serverName });

async function leaseOf(partnerId: number, leaseNumber: number) {
  const owner = await signedInUser(t.db, t.clock, partnerId, 'OWNER');
  const response = await t.gql<{ lease: { machineName: string | null; lastSeenAt: string | null; activations: Record<string, unknown>[] } }>(LEASE, { n: leaseNumber }, owner.headers);
  return response.data.lease;
}

describe('activateLicense', () => {
  describe('when an active lease key is sent in any case, without dashes, by an anonymous server', () => {
    it('returns VALID with what the key entitles to, and the lease shows the server', async () => {
      const partner = await createPartner(t.db);
      const lease = await startedLease(t.db, t.clock, partner.id, 'SM-ENT-500');
      const sloppy = lease.displayKey.replaceAll('-', '').toLowerCase();
      const answer = await activate(sloppy, 'MAIL-01.example.com', { ip: '198.51.100.4', fingerprint: 'fp-1' });
      expect(answer).toMatchObject({
        code: 'VALID',
        valid: true,
        license: { licenseKey: lease.displayKey, productSku: 'SM-ENT-500', tierSize: 500 },
        activation: { serverName: 'MAIL-01.example.com', firstSeenAt: t.clock.now().toISOString(), supersededAt: null, overlapEndsAt: null },
      });
      const shown = await leaseOf(partner.id, lease.id);
      expect(shown).toMatchObject({ machineName: 'MAIL-01.example.com', lastSeenAt: t.clock.now().toISOString() });
      const stored = await t.db.lease.findUniqueOrThrow({ where: { id: lease.id } });
      expect(stored.serverNorm).toBe('mail-01.example.com');
      const activation = await t.db.activation.findFirstOrThrow({ where: { leaseId: lease.id } });
      expect(activation).toMatchObject({ ip: '198.51.100.4', fingerprint: 'fp-1' });

      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const search = await t.gql<{ leases: { edges: { node: { leaseNumber: number } }[] } }>(
        `{ leases(filter: { search: "mail-01" }) { edges { node { leaseNumber } } } }`,
        {},
        owner.headers,
      );
      expect(search.data.leases.edges.map((e) => e.node.leaseNumber)).toEqual([lease.id]);
      expect(await t.db.auditLog.findFirst({ where: { action: 'license.activate', targetId: String(lease.id) } })).toMatchObject({
        actorLabel: 'server:MAIL-01.example.com',
        partnerId: partner.id,
      });
    });
  });

  describe('when the same server activates again', () => {
    it('refreshes lastSeenAt and keeps one activation', async () => {
      const lease = await startedLease(t.db, t.clock, (await createPartner(t.db)).id);
      await activate(lease.displayKey, 'srv');
      t.clock.advance(60_000);
      const again = await activate(lease.displayKey, 'SRV');
      expect(again.activation).toMatchObject({ lastSeenAt: t.clock.now().toISOString(), supersededAt: null });
      expect(await t.db.activation.count({ where: { leaseId: lease.id } })).toBe(1);
      expect(await t.db.auditLog.count({ where: { targetId: String(lease.id), action: { startsWith: 'license.' } } })).toBe(1);
    });
  });
});

describe('moving a key to another server', () => {
  it('keeps the old server valid for 30 days, then answers it ALREADY_ACTIVE_ELSEWHERE and flags it, while the new one stays valid', async () => {
    const partner = await createPartner(t.db);
    const lease = await startedLease(t.db, t.clock, partner.id);
    const key = lease.displayKey;
    await activate(key, 'old-server');
    t.clock.advanceDays(10);
    const movedAt = t.clock.now();
    expect((await activate(key, 'new-server')).code).toBe('VALID');
    expect((await leaseOf(partner.id, lease.id)).machineName).toBe('new-server');

    const during = await validate(key, 'old-server');
    expect(during).toMatchObject({
      code: 'VALID',
      activation: { supersededAt: movedAt.toISOString(), overlapEndsAt: new Date(movedAt.getTime() + 30 * DAY).toISOString(), flaggedAt: null },
    });

    t.clock.set(new Date(movedAt.getTime() + 30 * DAY));
    expect((await validate(key, 'old-server')).code).toBe('VALID');

    t.clock.advance(1);
    const after = await validate(key, 'old-server');
    expect(after).toMatchObject({ code: 'ALREADY_ACTIVE_ELSEWHERE', valid: false, license: null, activation: { flaggedAt: t.clock.now().toISOString() } });
    const flaggedAt = after.activation!.flaggedAt;
    t.clock.advance(60_000);
    expect((await validate(key, 'old-server')).activation?.flaggedAt).toBe(flaggedAt);

    expect((await validate(key, 'new-server')).code).toBe('VALID');
    const shown = await leaseOf(partner.id, lease.id);
    expect(shown.machineName).toBe('new-server');
    expect(shown.lastSeenAt).toBe(t.clock.now().toISOString());
    expect(shown.activations).toEqual([
      { serverName: 'new-server', supersededAt: null, flaggedAt: null, deactivatedAt: null },
      { serverName: 'old-server', supersededAt: movedAt.toISOString(), flaggedAt, deactivatedAt: null },
    ]);
    const actions = await t.db.auditLog.findMany({ where: { targetType: 'Lease', targetId: String(lease.id), action: { startsWith: 'license.' } }, orderBy: { id: 'asc' } });
    expect(actions.map((a) => a.action)).toEqual(['license.activate', 'license.move', 'license.flag']);
  });

  it('moves back when the old server activates again', async () => {
    const lease = await startedLease(t.db, t.clock, (await createPartner(t.db)).id);
    await activate(lease.displayKey, 'a');
    await activate(lease.displayKey, 'b');
    t.clock.advanceDays(45);
    expect((await validate(lease.displayKey, 'a')).code).toBe('ALREADY_ACTIVE_ELSEWHERE');
    const back = await activate(lease.displayKey, 'a');
    expect(back).toMatchObject({ code: 'VALID', activation: { serverName: 'a', supersededAt: null, flaggedAt: null } });
    expect((await validate(lease.displayKey, 'b')).code).toBe('VALID');
    expect(await t.db.activation.count({ where: { leaseId: lease.id, supersededAt: null } })).toBe(1);
  });
});

describe('validateLicense', () => {
  describe('when the server never activated the key', () => {
    it('returns NOT_ACTIVATED', async () => {
      const lease = await startedLease(t.db, t.clock, (await createPartner(t.db)).id);
      expect((await validate(lease.displayKey, 'stranger')).code).toBe('NOT_ACTIVATED');
    });
  });

  describe('when the lease was stopped', () => {
    it('returns STOPPED, never VALID', async () => {
      const lease = await startedLease(t.db, t.clock, (await createPartner(t.db)).id);
      await activate(lease.displayKey, 'srv');
      await t.db.lease.update({ where: { id: lease.id }, data: { status: 'STOPPED', stoppedAt: t.clock.now() } });
      expect((await validate(lease.displayKey, 'srv')).code).toBe('STOPPED');
      expect((await activate(lease.displayKey, 'srv')).code).toBe('STOPPED');
    });
  });

  describe('when the partner is suspended', () => {
    it('returns PARTNER_SUSPENDED, but STOPPED first for a stopped lease', async () => {
      const partner = await createPartner(t.db);
      const live = await startedLease(t.db, t.clock, partner.id);
      const stopped = await startedLease(t.db, t.clock, partner.id);
      await activate(live.displayKey, 'srv');
      await t.db.lease.update({ where: { id: stopped.id }, data: { status: 'STOPPED' } });
      await t.db.partner.update({ where: { id: partner.id }, data: { status: 'SUSPENDED' } });
      expect((await validate(live.displayKey, 'srv')).code).toBe('PARTNER_SUSPENDED');
      expect((await validate(stopped.displayKey, 'srv')).code).toBe('STOPPED');
    });
  });

  describe('when the key is mistyped or unknown', () => {
    it('returns MALFORMED_KEY for a wrong check character and NOT_FOUND for a well-formed unknown key', async () => {
      const lease = await startedLease(t.db, t.clock, (await createPartner(t.db)).id);
      const last = lease.displayKey.at(-1)!;
      const mistyped = lease.displayKey.slice(0, -1) + (last === '2' ? '3' : '2');
      expect((await validate(mistyped, 'srv')).code).toBe('MALFORMED_KEY');
      expect((await validate('hello', 'srv')).code).toBe('MALFORMED_KEY');
      expect((await validate(generateLicenseKey('SM', (n) => randomBytes(n)), 'srv')).code).toBe('NOT_FOUND');
    });
  });
});

describe('deactivateLicense', () => {
  describe('when the current server deactivates', () => {
    it('sets deactivatedAt, clears the server from the lease, and later validation says NOT_ACTIVATED', async () => {
      const partner = await createPartner(t.db);
      const lease = await startedLease(t.db, t.clock, partner.id);
      await activate(lease.displayKey, 'leaving');
      t.clock.advance(5000);
      const answer = await deactivate(lease.displayKey, 'Leaving');
      expect(answer).toMatchObject({ code: 'VALID', activation: { serverName: 'leaving' } });
      expect(await t.db.activation.findFirst({ where: { leaseId: lease.id } })).toMatchObject({ deactivatedAt: t.clock.now() });
      expect((await leaseOf(partner.id, lease.id)).machineName).toBeNull();
      expect((await t.db.lease.findUniqueOrThrow({ where: { id: lease.id } })).serverNorm).toBeNull();
      expect((await validate(lease.displayKey, 'leaving')).code).toBe('NOT_ACTIVATED');
      expect((await deactivate(lease.displayKey, 'leaving')).code).toBe('NOT_ACTIVATED');
    });
  });

  describe('when a superseded server deactivates', () => {
    it('keeps the current server on the lease', async () => {
      const partner = await createPartner(t.db);
      const lease = await startedLease(t.db, t.clock, partner.id);
      await activate(lease.displayKey, 'first');
      await activate(lease.displayKey, 'second');
      expect((await deactivate(lease.displayKey, 'first')).code).toBe('VALID');
      expect((await leaseOf(partner.id, lease.id)).machineName).toBe('second');
    });
  });
});

describe('rate limiting', () => {
  describe('when one key is presented more than 30 times in a minute', () => {
    it('returns RATE_LIMITED with the wait, lets it through again after the refill, and leaves other keys alone', async () => {
      const partner = await createPartner(t.db);
      const busy = await startedLease(t.db, t.clock, partner.id);
      const calm = await startedLease(t.db, t.clock, partner.id);
      await activate(busy.displayKey, 'srv');
      const codes: string[] = [];
      for (let i = 0; i < 30; i += 1) codes.push((await validate(busy.displayKey, 'srv')).code);
      expect(codes.filter((c) => c === 'VALID')).toHaveLength(29);
      const limited = await validate(busy.displayKey.toLowerCase(), 'srv');
      expect(limited).toMatchObject({ code: 'RATE_LIMITED', valid: false, retryAfterSeconds: 2 });
      expect((await activate(busy.displayKey, 'srv')).code).toBe('RATE_LIMITED');
      expect((await activate(calm.displayKey, 'srv')).code).toBe('VALID');

      t.clock.advance(2000);
      expect((await validate(busy.displayKey, 'srv')).code).toBe('VALID');
      expect((await validate(busy.displayKey, 'srv')).code).toBe('RATE_LIMITED');
    });
  });
});
