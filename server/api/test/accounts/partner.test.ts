import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFor, createPartner, gid, signedInUser, startedLease } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const PARTNER = `{ partner { id company contactName contactEmail phone city country billingEmail status activeLeaseCount } }`;
const UPDATE = `mutation($input: UpdatePartnerContactInput!) {
  updatePartnerContact(input: $input) { partner { company contactEmail phone city billingEmail } userErrors { code field } } }`;
const PARTNERS = `query($filter: PartnersFilter, $first: Int, $after: String) {
  partners(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { company status activeLeaseCount } } } }`;

interface PartnersResult {
  partners: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { company: string; status: string; activeLeaseCount: number } }[] };
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('partner', () => {
  describe('when partner staff ask', () => {
    it('returns their own partner with its contact fields and active lease count', async () => {
      const partner = await createPartner(t.db, { company: 'Acme Hosting' });
      await startedLease(t.db, t.clock, partner.id);
      const billing = await signedInUser(t.db, t.clock, partner.id, 'BILLING');
      const response = await t.gql<{ partner: Record<string, unknown> }>(PARTNER, {}, billing.headers);
      expect(response.data.partner).toEqual({
        id: gid('Partner', partner.id),
        company: 'Acme Hosting',
        contactName: partner.contactName,
        contactEmail: partner.contactEmail,
        phone: null,
        city: null,
        country: null,
        billingEmail: partner.billingEmail,
        status: 'ACTIVE',
        activeLeaseCount: 1,
      });
    });
  });

  describe('when an API key asks', () => {
    it('is refused: account details are for people', async () => {
      const partner = await createPartner(t.db);
      const key = await apiKeyFor(t.db, partner.id, ['leases:read']);
      expect((await t.gql(PARTNER, {}, key.headers)).errors?.[0]?.message).toMatch(/Not authorized/);
    });
  });

  describe("when node(id) names another partner", () => {
    it('returns null', async () => {
      const mine = await createPartner(t.db);
      const theirs = await createPartner(t.db);
      const owner = await signedInUser(t.db, t.clock, mine.id, 'OWNER');
      const query = `query($id: ID!) { node(id: $id) { ... on Partner { company } } }`;
      expect((await t.gql(query, { id: gid('Partner', theirs.id) }, owner.headers)).data).toEqual({ node: null });
      expect((await t.gql(query, { id: gid('Partner', mine.id) }, owner.headers)).data).toEqual({ node: { company: mine.company } });
    });
  });
});

describe('updatePartnerContact', () => {
  describe('when an owner changes some fields', () => {
    it('returns the partner with those fields changed, the rest kept, and audits only what changed', async () => {
      const partner = await createPartner(t.db, { company: 'Old Name' });
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const input = { company: 'New Name', phone: ' +1 555 0100 ', city: 'Lisbon', billingEmail: partner.billingEmail };
      const response = await t.gql<{ updatePartnerContact: unknown }>(UPDATE, { input }, owner.headers);
      expect(response.data.updatePartnerContact).toEqual({
        partner: { company: 'New Name', contactEmail: partner.contactEmail, phone: '+1 555 0100', city: 'Lisbon', billingEmail: partner.billingEmail },
        userErrors: [],
      });
      const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'partner.update_contact', partnerId: partner.id } });
      expect(audit.before).toEqual({ company: 'Old Name', phone: null, city: null });
      expect(audit.after).toEqual({ company: 'New Name', phone: '+1 555 0100', city: 'Lisbon' });
    });
  });

  describe('when an optional field is set to null', () => {
    it('clears it', async () => {
      const partner = await createPartner(t.db);
      await t.db.partner.update({ where: { id: partner.id }, data: { phone: '123' } });
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const response = await t.gql<{ updatePartnerContact: { partner: { phone: string | null } } }>(UPDATE, { input: { phone: null } }, owner.headers);
      expect(response.data.updatePartnerContact.partner.phone).toBeNull();
    });
  });

  describe('when a required field is emptied', () => {
    it('returns VALUE_REQUIRED on that field and changes nothing', async () => {
      const partner = await createPartner(t.db);
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const response = await t.gql<{ updatePartnerContact: unknown }>(UPDATE, { input: { company: '  ', city: 'Porto' } }, owner.headers);
      expect(response.data.updatePartnerContact).toEqual({ partner: null, userErrors: [{ code: 'VALUE_REQUIRED', field: ['company'] }] });
      expect((await t.db.partner.findUniqueOrThrow({ where: { id: partner.id } })).city).toBeNull();
    });
  });

  describe('when the billing email is not an email', () => {
    it('is refused by the input shape', async () => {
      const partner = await createPartner(t.db);
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const response = await t.gql(UPDATE, { input: { billingEmail: 'not-an-email' } }, owner.headers);
      expect(response.errors?.[0]?.message).toMatch(/email/);
    });
  });

  describe('when a manager tries', () => {
    it('is refused', async () => {
      const partner = await createPartner(t.db);
      const manager = await signedInUser(t.db, t.clock, partner.id, 'MANAGER');
      expect((await t.gql(UPDATE, { input: { company: 'Mine now' } }, manager.headers)).errors?.[0]?.message).toMatch(/Not authorized/);
    });
  });
});

describe('partners', () => {
  describe('when vendor staff ask', () => {
    it('returns every partner by company name with counts of active leases, paged and filtered', async () => {
      const zulu = await createPartner(t.db, { company: 'Zulu Cloud' });
      const alpha = await createPartner(t.db, { company: 'Alpha Servers' });
      await createPartner(t.db, { company: 'Zulu Suspended', status: 'SUSPENDED' });
      await startedLease(t.db, t.clock, zulu.id);
      await startedLease(t.db, t.clock, zulu.id);
      const stopped = await startedLease(t.db, t.clock, alpha.id);
      await t.db.lease.update({ where: { id: stopped.id }, data: { status: 'STOPPED', stoppedAt: t.clock.now() } });
      const admin = await signedInUser(t.db, t.clock, null, 'ADMIN');

      const zulus = await t.gql<PartnersResult>(PARTNERS, { filter: { search: 'zulu' } }, admin.headers);
      expect(zulus.data.partners.edges.map((e) => e.node)).toEqual([
        { company: 'Zulu Cloud', status: 'ACTIVE', activeLeaseCount: 2 },
        { company: 'Zulu Suspended', status: 'SUSPENDED', activeLeaseCount: 0 },
      ]);
      const suspended = await t.gql<PartnersResult>(PARTNERS, { filter: { status: 'SUSPENDED' } }, admin.headers);
      expect(suspended.data.partners.edges.map((e) => e.node.company)).toContain('Zulu Suspended');
      expect(suspended.data.partners.edges.every((e) => e.node.status === 'SUSPENDED')).toBe(true);

      const all = await t.gql<PartnersResult>(PARTNERS, { first: 100 }, admin.headers);
      const companies = all.data.partners.edges.map((e) => e.node.company);
      expect(companies).toEqual([...companies].sort());
      expect(all.data.partners.totalCount).toBe(companies.length);
      const page1 = await t.gql<PartnersResult>(PARTNERS, { first: 2 }, admin.headers);
      const page2 = await t.gql<PartnersResult>(PARTNERS, { first: 2, after: page1.data.partners.pageInfo.endCursor }, admin.headers);
      expect(page1.data.partners.pageInfo.hasNextPage).toBe(true);
      expect([...page1.data.partners.edges, ...page2.data.partners.edges].map((e) => e.node.company)).toEqual(companies.slice(0, 4));
    });

    it('counts active leases with one query for the whole page', async () => {
      const admin = await signedInUser(t.db, t.clock, null, 'ADMIN');
      t.statements.length = 0;
      await t.gql<PartnersResult>(PARTNERS, { first: 50 }, admin.headers);
      expect(t.statements.filter((sql) => /FROM "public"\."Lease"/.test(sql))).toHaveLength(1);
    });
  });

  describe('when an owner asks', () => {
    it('is refused', async () => {
      const owner = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'OWNER');
      expect((await t.gql(PARTNERS, {}, owner.headers)).errors?.[0]?.message).toMatch(/Not authorized/);
    });
  });
});
