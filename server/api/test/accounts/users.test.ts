import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '@leaseboard/domain/auth/sessions';
import { createPartner, gid, signedInUser } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const ERRORS = 'userErrors { code field }';
const USERS = `{ users { id email name role active } }`;
const ADD = `mutation($input: AddUserInput!) { addUser(input: $input) { user { id email name role active } ${ERRORS} } }`;
const CHANGE_ROLE = `mutation($input: ChangeUserRoleInput!) { changeUserRole(input: $input) { user { email role } ${ERRORS} } }`;
const DEACTIVATE = `mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { user { email active } ${ERRORS} } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { userErrors { code } } }`;

type UserView = { id: string; email: string; name: string; role: string; active: boolean };
type Payload = { user: Partial<UserView> | null; userErrors: { code: string; field: string[] | null }[] };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function ownedPartner() {
  const partner = await createPartner(t.db);
  const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
  return { partner, owner };
}

describe('users', () => {
  describe('when an owner asks', () => {
    it("returns the partner's logins and nobody else's, oldest first", async () => {
      const { partner, owner } = await ownedPartner();
      const manager = await signedInUser(t.db, t.clock, partner.id, 'MANAGER');
      await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'OWNER');
      const response = await t.gql<{ users: UserView[] }>(USERS, {}, owner.headers);
      expect(response.data.users.map((u) => u.email)).toEqual([owner.user.email, manager.user.email]);
      expect(response.data.users[1]).toEqual({ id: gid('User', manager.user.id), email: manager.user.email, name: manager.user.name, role: 'MANAGER', active: true });
    });
  });

  describe('when a manager asks', () => {
    it('is refused', async () => {
      const { partner } = await ownedPartner();
      const manager = await signedInUser(t.db, t.clock, partner.id, 'MANAGER');
      const response = await t.gql(USERS, {}, manager.headers);
      expect(response.errors?.[0]?.message).toMatch(/Not authorized/);
    });
  });
});

describe('addUser', () => {
  describe('when the email is new and the password long enough', () => {
    it('returns the new login, stores the email in lower case and lets it sign in', async () => {
      const { partner, owner } = await ownedPartner();
      const input = { email: 'New.Person@Example.TEST', name: 'New Person', role: 'BILLING', password: 'twelve chars!' };
      const response = await t.gql<{ addUser: Payload }>(ADD, { input }, owner.headers);
      expect(response.data.addUser).toMatchObject({ user: { email: 'new.person@example.test', role: 'BILLING', active: true }, userErrors: [] });
      const stored = await t.db.user.findUniqueOrThrow({ where: { email: 'new.person@example.test' } });
      expect(stored.partnerId).toBe(partner.id);
      const signIn = await t.gql<{ signIn: { userErrors: unknown[] } }>(SIGN_IN, { input: { email: input.email, password: input.password } });
      expect(signIn.data.signIn.userErrors).toEqual([]);
      const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'user.add', targetId: String(stored.id) } });
      expect(audit).toMatchObject({ partnerId: partner.id, actorUserId: owner.user.id, after: { email: 'new.person@example.test', role: 'BILLING' } });
      expect(JSON.stringify(audit)).not.toContain(input.password);
    });
  });

  describe('when the email belongs to another login, in any case', () => {
    it('returns EMAIL_TAKEN', async () => {
      const { owner } = await ownedPartner();
      const other = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'ANALYST');
      const input = { email: other.user.email.toUpperCase(), name: 'Copy', role: 'ANALYST', password: 'long enough password' };
      const response = await t.gql<{ addUser: Payload }>(ADD, { input }, owner.headers);
      expect(response.data.addUser).toEqual({ user: null, userErrors: [{ code: 'EMAIL_TAKEN', field: ['email'] }] });
    });
  });

  describe('when the password is too short', () => {
    it('returns PASSWORD_TOO_SHORT and adds nobody', async () => {
      const { owner } = await ownedPartner();
      const input = { email: 'short@example.test', name: 'Short', role: 'ANALYST', password: 'short' };
      const response = await t.gql<{ addUser: Payload }>(ADD, { input }, owner.headers);
      expect(response.data.addUser.userErrors).toEqual([{ code: 'PASSWORD_TOO_SHORT', field: ['password'] }]);
      expect(await t.db.user.count({ where: { email: 'short@example.test' } })).toBe(0);
    });
  });

  describe('when asked for the ADMIN role', () => {
    it('is refused by the schema: partner owners cannot make vendor staff', async () => {
      const { owner } = await ownedPartner();
      const input = { email: 'admin@example.test', name: 'Admin', role: 'ADMIN', password: 'long enough password' };
      const response = await t.gql(ADD, { input }, owner.headers);
      expect(response.errors?.[0]?.message).toMatch(/PartnerRole/);
      expect(await t.db.user.count({ where: { email: 'admin@example.test' } })).toBe(0);
    });
  });
});

describe('changeUserRole', () => {
  describe('when another login gets another role', () => {
    it('returns it with the new role and records before and after', async () => {
      const { owner, partner } = await ownedPartner();
      const analyst = await signedInUser(t.db, t.clock, partner.id, 'ANALYST');
      const response = await t.gql<{ changeUserRole: Payload }>(CHANGE_ROLE, { input: { userId: gid('User', analyst.user.id), role: 'MANAGER' } }, owner.headers);
      expect(response.data.changeUserRole).toEqual({ user: { email: analyst.user.email, role: 'MANAGER' }, userErrors: [] });
      expect(await t.db.auditLog.findFirst({ where: { action: 'user.change_role', targetId: String(analyst.user.id) } })).toMatchObject({
        before: { role: 'ANALYST' },
        after: { role: 'MANAGER' },
      });
      // Scopes follow the role from the next request on.
      const me = await t.gql<{ me: { scopes: string[] } }>('{ me { scopes } }', {}, analyst.headers);
      expect(me.data.me.scopes).toContain('leases:write');
    });
  });

  describe('when the only active owner would be demoted', () => {
    it('returns LAST_OWNER and keeps the role', async () => {
      const { owner } = await ownedPartner();
      const response = await t.gql<{ changeUserRole: Payload }>(CHANGE_ROLE, { input: { userId: gid('User', owner.user.id), role: 'MANAGER' } }, owner.headers);
      expect(response.data.changeUserRole).toEqual({ user: null, userErrors: [{ code: 'LAST_OWNER', field: ['role'] }] });
      expect((await t.db.user.findUniqueOrThrow({ where: { id: owner.user.id } })).role).toBe('OWNER');
    });
  });

  describe('when another active owner remains', () => {
    it('lets an owner step down', async () => {
      const { owner, partner } = await ownedPartner();
      await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const response = await t.gql<{ changeUserRole: Payload }>(CHANGE_ROLE, { input: { userId: gid('User', owner.user.id), role: 'ANALYST' } }, owner.headers);
      expect(response.data.changeUserRole.userErrors).toEqual([]);
    });
  });

  describe('when two owners demote each other at the same moment', () => {
    it('applies one and answers LAST_OWNER to the other', async () => {
      const { owner, partner } = await ownedPartner();
      const second = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      const [a, b] = await Promise.all([
        t.gql<{ changeUserRole: Payload }>(CHANGE_ROLE, { input: { userId: gid('User', second.user.id), role: 'MANAGER' } }, owner.headers),
        t.gql<{ changeUserRole: Payload }>(CHANGE_ROLE, { input: { userId: gid('User', owner.user.id), role: 'MANAGER' } }, second.headers),
      ]);
      const codes = [a, b].flatMap((r) => r.data.changeUserRole.userErrors.map((e) => e.code));
      expect(codes).toEqual(['LAST_OWNER']);
      expect(await t.db.user.count({ where: { partnerId: partner.id, role: 'OWNER', active: true } })).toBe(1);
    });
  });

  describe("when the login is another partner's", () => {
    it('returns USER_NOT_FOUND', async () => {
      const { owner } = await ownedPartner();
      const stranger = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'ANALYST');
      const response = await t.gql<{ changeUserRole: Payload }>(CHANGE_ROLE, { input: { userId: gid('User', stranger.user.id), role: 'OWNER' } }, owner.headers);
      expect(response.data.changeUserRole.userErrors).toEqual([{ code: 'USER_NOT_FOUND', field: ['userId'] }]);
      expect((await t.db.user.findUniqueOrThrow({ where: { id: stranger.user.id } })).role).toBe('ANALYST');
    });
  });

  describe('when the role is the one the login has', () => {
    it('returns ROLE_UNCHANGED', async () => {
      const { owner, partner } = await ownedPartner();
      const billing = await signedInUser(t.db, t.clock, partner.id, 'BILLING');
      const response = await t.gql<{ changeUserRole: Payload }>(CHANGE_ROLE, { input: { userId: gid('User', billing.user.id), role: 'BILLING' } }, owner.headers);
      expect(response.data.changeUserRole.userErrors.map((e) => e.code)).toEqual(['ROLE_UNCHANGED']);
    });
  });
});

describe('deactivateUser', () => {
  describe('when a login is deactivated', () => {
    it('returns it inactive, ends all its sessions and stops it signing in', async () => {
      const { owner, partner } = await ownedPartner();
      const manager = await signedInUser(t.db, t.clock, partner.id, 'MANAGER');
      const second = await createSession(t.db, t.clock, manager.user.id, { ip: null, userAgent: null });
      const response = await t.gql<{ deactivateUser: Payload }>(DEACTIVATE, { input: { userId: gid('User', manager.user.id) } }, owner.headers);
      expect(response.data.deactivateUser).toEqual({ user: { email: manager.user.email, active: false }, userErrors: [] });
      expect(await t.db.session.count({ where: { userId: manager.user.id } })).toBe(0);
      expect((await t.gql('{ me { label } }', {}, manager.headers)).data).toEqual({ me: null });
      expect((await t.gql('{ me { label } }', {}, { cookie: `${SESSION_COOKIE}=${second.token}` })).data).toEqual({ me: null });
      expect(await t.db.auditLog.count({ where: { action: 'user.deactivate', targetId: String(manager.user.id) } })).toBe(1);
    });
  });

  describe('when the only active owner would be deactivated', () => {
    it('returns LAST_OWNER, even when an inactive owner exists', async () => {
      const { owner, partner } = await ownedPartner();
      const former = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      await t.db.user.update({ where: { id: former.user.id }, data: { active: false } });
      const response = await t.gql<{ deactivateUser: Payload }>(DEACTIVATE, { input: { userId: gid('User', owner.user.id) } }, owner.headers);
      expect(response.data.deactivateUser).toEqual({ user: null, userErrors: [{ code: 'LAST_OWNER', field: ['userId'] }] });
      expect((await t.gql('{ me { label } }', {}, owner.headers)).data).toEqual({ me: { label: owner.user.email } });
    });
  });

  describe('when the login is already inactive', () => {
    it('returns USER_INACTIVE', async () => {
      const { owner, partner } = await ownedPartner();
      const analyst = await signedInUser(t.db, t.clock, partner.id, 'ANALYST');
      await t.gql(DEACTIVATE, { input: { userId: gid('User', analyst.user.id) } }, owner.headers);
      const again = await t.gql<{ deactivateUser: Payload }>(DEACTIVATE, { input: { userId: gid('User', analyst.user.id) } }, owner.headers);
      expect(again.data.deactivateUser.userErrors.map((e) => e.code)).toEqual(['USER_INACTIVE']);
    });
  });
});

describe('node(id) of a User', () => {
  describe("when the viewer is neither the person, nor an owner of the partner, nor vendor staff", () => {
    it('returns null as for an id that does not exist', async () => {
      const { partner, owner } = await ownedPartner();
      const analyst = await signedInUser(t.db, t.clock, partner.id, 'ANALYST');
      const outsider = await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'OWNER');
      const query = `query($id: ID!) { node(id: $id) { ... on User { email } } }`;
      const id = gid('User', owner.user.id);
      expect((await t.gql(query, { id }, analyst.headers)).data).toEqual({ node: null });
      expect((await t.gql(query, { id }, outsider.headers)).data).toEqual({ node: null });
      expect((await t.gql(query, { id })).data).toEqual({ node: null });
      expect((await t.gql(query, { id }, owner.headers)).data).toEqual({ node: { email: owner.user.email } });
      expect((await t.gql(query, { id: gid('User', analyst.user.id) }, owner.headers)).data).toEqual({ node: { email: analyst.user.email } });
    });
  });
});
