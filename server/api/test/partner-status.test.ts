import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, gid, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

const SET = `mutation($input: SetPartnerStatusInput!) { setPartnerStatus(input: $input) { partner { company status } userErrors { code } } }`;
type Payload = { setPartnerStatus: { partner: { company: string; status: string } | null; userErrors: { code: string }[] } };

let t: TestApp;
let vendor: Awaited<ReturnType<typeof signedInUser>>;
beforeAll(async () => {
  t = await createTestApp();
  vendor = await signedInUser(t.db, t.clock, null, 'ADMIN');
});
afterAll(() => t.close());

describe('setPartnerStatus', () => {
  describe('when vendor staff suspend a partner', () => {
    it("returns it suspended, audits the change with the reason, and refuses the partner's staff at once", async () => {
      const partner = await createPartner(t.db, { company: 'Suspended Co' });
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const input = { partnerId: gid('Partner', partner.id), status: 'SUSPENDED', reason: 'Unpaid since March' };
      const { data } = await t.gql<Payload>(SET, { input }, vendor.headers);
      expect(data.setPartnerStatus).toEqual({ partner: { company: 'Suspended Co', status: 'SUSPENDED' }, userErrors: [] });
      const audit = await t.db.auditLog.findFirstOrThrow({ where: { partnerId: partner.id, action: 'partner.suspend' } });
      expect(audit.after).toEqual({ status: 'SUSPENDED', reason: 'Unpaid since March' });
      const refused = await t.gql('{ leases(first: 1) { totalCount } }', {}, owner.headers);
      expect(refused.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    });
  });

  describe('when vendor staff reactivate it', () => {
    it('returns it active and lets its staff back in', async () => {
      const partner = await createPartner(t.db, { company: 'Back Co', status: 'SUSPENDED' });
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const { data } = await t.gql<Payload>(SET, { input: { partnerId: gid('Partner', partner.id), status: 'ACTIVE' } }, vendor.headers);
      expect(data.setPartnerStatus.partner?.status).toBe('ACTIVE');
      expect(await t.db.auditLog.count({ where: { partnerId: partner.id, action: 'partner.reactivate' } })).toBe(1);
      const allowed = await t.gql('{ leases(first: 1) { totalCount } }', {}, owner.headers);
      expect(allowed.errors).toBeUndefined();
    });
  });

  describe('when the status is already the one asked for, or the partner is closed', () => {
    it('returns STATUS_UNCHANGED or PARTNER_CLOSED and changes nothing', async () => {
      const active = await createPartner(t.db);
      const closed = await createPartner(t.db, { status: 'CLOSED' });
      const same = await t.gql<Payload>(SET, { input: { partnerId: gid('Partner', active.id), status: 'ACTIVE' } }, vendor.headers);
      const shut = await t.gql<Payload>(SET, { input: { partnerId: gid('Partner', closed.id), status: 'ACTIVE' } }, vendor.headers);
      expect(same.data.setPartnerStatus.userErrors).toEqual([{ code: 'STATUS_UNCHANGED' }]);
      expect(shut.data.setPartnerStatus.userErrors).toEqual([{ code: 'PARTNER_CLOSED' }]);
      expect((await t.db.partner.findUniqueOrThrow({ where: { id: closed.id } })).status).toBe('CLOSED');
    });
  });
});
