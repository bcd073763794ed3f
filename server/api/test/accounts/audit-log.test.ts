import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOn, catalogOf, createPartner, gid, product, signedInUser } from '../factories.ts';
import { START } from '../lease-gql.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const AUDIT = `query($filter: AuditLogFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { actor action targetType targetId before after ip requestId createdAt } } } }`;
const ADD_CONTACT = `mutation($input: AddContactInput!) { addContact(input: $input) { userErrors { code } } }`;
const UPDATE = `mutation($input: UpdatePartnerContactInput!) { updatePartnerContact(input: $input) { userErrors { code } } }`;

type Entry = { actor: string; action: string; targetType: string; targetId: string | null; before: unknown; after: unknown; ip: string | null; requestId: string; createdAt: string };
type Audit = { auditLog: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Entry }[] } };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('auditLog', () => {
  describe('when an owner reads it after some changes', () => {
    it("returns the partner's entries newest first with actor, target, before/after, ip and request id", async () => {
      const partner = await createPartner(t.db);
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const other = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'OWNER');
      await t.gql(ADD_CONTACT, { input: { name: 'A', email: 'a@p.test' } }, { ...owner.headers, 'x-request-id': 'req-contact', 'x-leaseboard-client-ip': '203.0.113.7' });
      t.clock.advance(1000);
      await t.gql(UPDATE, { input: { city: 'Oslo' } }, { ...owner.headers, 'x-request-id': 'req-city' });
      await t.gql(ADD_CONTACT, { input: { name: 'Theirs', email: 'x@o.test' } }, other.headers);

      const response = await t.gql<Audit>(AUDIT, {}, owner.headers);
      expect(response.data.auditLog.totalCount).toBe(2);
      expect(response.data.auditLog.edges.map((e) => e.node)).toEqual([
        {
          actor: owner.user.email,
          action: 'partner.update_contact',
          targetType: 'Partner',
          targetId: String(partner.id),
          before: { city: null },
          after: { city: 'Oslo' },
          ip: null,
          requestId: 'req-city',
          createdAt: t.clock.now().toISOString(),
        },
        expect.objectContaining({ action: 'contact.add', targetType: 'Contact', ip: '203.0.113.7', requestId: 'req-contact', before: null }),
      ]);
    });
  });

  describe('when filtered by action or target type and paged', () => {
    it('returns only the matching entries, a page at a time', async () => {
      const partner = await createPartner(t.db);
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      for (const name of ['one', 'two', 'three']) await t.gql(ADD_CONTACT, { input: { name, email: `${name}@p.test` } }, owner.headers);
      await t.gql(UPDATE, { input: { city: 'Rome' } }, owner.headers);

      const byAction = await t.gql<Audit>(AUDIT, { filter: { action: 'contact.add' }, first: 2 }, owner.headers);
      expect(byAction.data.auditLog.totalCount).toBe(3);
      expect(byAction.data.auditLog.edges.map((e) => (e.node.after as { name: string }).name)).toEqual(['three', 'two']);
      const rest = await t.gql<Audit>(AUDIT, { filter: { action: 'contact.add' }, first: 2, after: byAction.data.auditLog.pageInfo.endCursor }, owner.headers);
      expect(rest.data.auditLog.edges.map((e) => (e.node.after as { name: string }).name)).toEqual(['one']);

      const byType = await t.gql<Audit>(AUDIT, { filter: { targetType: 'Partner' } }, owner.headers);
      expect(byType.data.auditLog.edges.map((e) => e.node.action)).toEqual(['partner.update_contact']);
    });
  });

  describe('when it shows what changed', () => {
    it('names products, add-ons and users instead of their IDs, in one sentence per entry', async () => {
      const catalog = await catalogOf(t.db);
      const partner = await createPartner(t.db);
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const analyst = await signedInUser(t.db, t.clock, partner.id, 'ANALYST');
      const input = {
        productId: product(catalog, 'SM-ENT-250').gid,
        addOnIds: [addOn(catalog, 'ACTIVESYNC').gid, addOn(catalog, 'PREMIUM_ANTISPAM').gid],
        customer: { email: 'alice@contoso.example' },
      };
      const started = await t.gql<{ startLease: { lease: { leaseNumber: number } } }>(START, { input }, owner.headers);
      const leaseNumber = started.data.startLease.lease.leaseNumber;
      t.clock.advance(1000);
      await t.gql('mutation($input: ChangeUserRoleInput!) { changeUserRole(input: $input) { userErrors { code } } }', { input: { userId: gid('User', analyst.user.id), role: 'MANAGER' } }, owner.headers);

      const response = await t.gql<{ auditLog: { edges: { node: { action: string; actionLabel: string; summary: string } }[] } }>(
        '{ auditLog { edges { node { action actionLabel summary } } } }',
        {},
        owner.headers,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.auditLog.edges.map((e) => e.node)).toEqual([
        { action: 'user.change_role', actionLabel: 'Role changed', summary: `Changed the role of ${analyst.user.name} (${analyst.user.email}) from ANALYST to MANAGER` },
        {
          action: 'lease.start',
          actionLabel: 'Lease started',
          summary: `Started lease ${leaseNumber}: SmarterMail Enterprise 250 mailboxes with ActiveSync, Premium Antispam for alice@contoso.example`,
        },
      ]);
    });

    it('lists every action it records, with its name, to filter by', async () => {
      const owner = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'OWNER');
      const response = await t.gql<{ auditActions: { action: string; label: string }[] }>('{ auditActions { action label } }', {}, owner.headers);
      expect(response.data.auditActions).toContainEqual({ action: 'lease.start', label: 'Lease started' });
      expect(response.data.auditActions).toContainEqual({ action: 'webhook.rotate-secret', label: 'Webhook secret rotated' });
      expect(new Set(response.data.auditActions.map((a) => a.action)).size).toBe(response.data.auditActions.length);
    });
  });

  describe('when a manager asks', () => {
    it('is refused', async () => {
      const manager = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'MANAGER');
      expect((await t.gql(AUDIT, {}, manager.headers)).errors?.[0]?.message).toMatch(/Not authorized/);
    });
  });
});
