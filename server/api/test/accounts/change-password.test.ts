import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '@leaseboard/domain/auth/sessions';
import { apiKeyFor, createPartner, userWithPassword } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { user { email } userErrors { code field } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { userErrors { code } } }`;
const OLD = 'old password 123';
const NEW = 'a much better passphrase';

interface Change {
  changePassword: { user: { email: string } | null; userErrors: { code: string; field: string[] | null }[] } | null;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function personWithTwoSessions() {
  const partner = await createPartner(t.db);
  const user = await userWithPassword(t.db, partner.id, 'ANALYST', OLD);
  const sessions = await Promise.all([0, 1].map(() => createSession(t.db, t.clock, user.id, { ip: null, userAgent: null })));
  const [here, elsewhere] = sessions.map((s) => ({ cookie: `${SESSION_COOKIE}=${s.token}` }));
  return { user, here: here!, elsewhere: elsewhere! };
}

const signInCodes = async (email: string, password: string) =>
  (await t.gql<{ signIn: { userErrors: { code: string }[] } }>(SIGN_IN, { input: { email, password } })).data.signIn.userErrors.map((e) => e.code);

describe('changePassword', () => {
  describe('when the current password is right and the new one long enough', () => {
    it('returns the user, replaces the password and ends every other session', async () => {
      const { user, here, elsewhere } = await personWithTwoSessions();
      const response = await t.gql<Change>(CHANGE, { input: { currentPassword: OLD, newPassword: NEW } }, here);
      expect(response.data.changePassword).toEqual({ user: { email: user.email }, userErrors: [] });

      expect((await t.gql('{ me { label } }', {}, here)).data).toEqual({ me: { label: user.email } });
      expect((await t.gql('{ me { label } }', {}, elsewhere)).data).toEqual({ me: null });
      expect(await signInCodes(user.email, OLD)).toEqual(['INVALID_CREDENTIALS']);
      expect(await signInCodes(user.email, NEW)).toEqual([]);
      expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toMatch(/^\$argon2id\$/);
    });

    it('writes an audit entry that holds neither password', async () => {
      const { user, here } = await personWithTwoSessions();
      await t.gql<Change>(CHANGE, { input: { currentPassword: OLD, newPassword: NEW } }, here);
      const entry = await t.db.auditLog.findFirstOrThrow({ where: { action: 'user.change_password', targetId: String(user.id) } });
      expect(entry).toMatchObject({ actorUserId: user.id, targetType: 'User', after: { endedSessions: 1 } });
      expect(JSON.stringify(entry)).not.toContain(OLD);
      expect(JSON.stringify(entry)).not.toContain(NEW);
    });
  });

  describe('when the current password is wrong', () => {
    it('returns WRONG_PASSWORD and keeps the old password and the other sessions', async () => {
      const { user, here, elsewhere } = await personWithTwoSessions();
      const response = await t.gql<Change>(CHANGE, { input: { currentPassword: 'not my password', newPassword: NEW } }, here);
      expect(response.data.changePassword).toEqual({ user: null, userErrors: [{ code: 'WRONG_PASSWORD', field: ['currentPassword'] }] });
      expect((await t.gql('{ me { label } }', {}, elsewhere)).data).toEqual({ me: { label: user.email } });
      expect(await signInCodes(user.email, OLD)).toEqual([]);
    });
  });

  describe('when the new password is shorter than twelve characters', () => {
    it('returns PASSWORD_TOO_SHORT', async () => {
      const { here } = await personWithTwoSessions();
      const response = await t.gql<Change>(CHANGE, { input: { currentPassword: OLD, newPassword: 'short1234' } }, here);
      expect(response.data.changePassword?.userErrors).toEqual([{ code: 'PASSWORD_TOO_SHORT', field: ['newPassword'] }]);
    });
  });

  describe('when the new password is the current one', () => {
    it('returns PASSWORD_UNCHANGED', async () => {
      const { here } = await personWithTwoSessions();
      const response = await t.gql<Change>(CHANGE, { input: { currentPassword: OLD, newPassword: OLD } }, here);
      expect(response.data.changePassword?.userErrors).toEqual([{ code: 'PASSWORD_UNCHANGED', field: ['newPassword'] }]);
    });
  });

  describe('when the request is retried with the same idempotency key', () => {
    it('returns the first result instead of refusing the now outdated current password', async () => {
      const { user, here } = await personWithTwoSessions();
      const input = { currentPassword: OLD, newPassword: NEW, idempotencyKey: 'pw-1' };
      await t.gql<Change>(CHANGE, { input }, here);
      const again = await t.gql<Change>(CHANGE, { input }, here);
      expect(again.data.changePassword).toEqual({ user: { email: user.email }, userErrors: [] });
      expect(await t.db.auditLog.count({ where: { action: 'user.change_password', targetId: String(user.id) } })).toBe(1);
    });
  });

  describe('when an API key asks', () => {
    it('is refused: an API key has no password', async () => {
      const partner = await createPartner(t.db);
      const key = await apiKeyFor(t.db, partner.id, ['leases:write']);
      const response = await t.gql<Change>(CHANGE, { input: { currentPassword: OLD, newPassword: NEW } }, key.headers);
      expect(response.data).toBeNull();
      expect(response.errors?.[0]?.message).toMatch(/Not authorized/);
    });
  });
});
