import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, userWithPassword } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { user { email } userErrors { code field } } }`;
const PASSWORD = 'correct horse battery';

interface SignIn {
  signIn: { user: { email: string } | null; userErrors: { code: string; field: string[] | null }[] };
}

let t: TestApp;
let secure: TestApp;
beforeAll(async () => {
  [t, secure] = await Promise.all([createTestApp(), createTestApp({ env: { PUBLIC_URL: 'https://leaseboard.example' } })]);
});
afterAll(() => Promise.all([t.close(), secure.close()]));

describe('signIn', () => {
  describe('when the password is right', () => {
    it('returns the user and sets an HttpOnly, SameSite=Lax session cookie that authenticates later requests', async () => {
      const partner = await createPartner(t.db);
      const user = await userWithPassword(t.db, partner.id, 'MANAGER', PASSWORD);
      const response = await t.gql<SignIn>(SIGN_IN, { input: { email: user.email.toUpperCase(), password: PASSWORD } });
      expect(response.data.signIn).toEqual({ user: { email: user.email }, userErrors: [] });

      const [cookie] = response.headers.getSetCookie();
      const attributes = cookie!.split('; ');
      expect(attributes[0]).toMatch(/^lb_session=[A-Za-z0-9_-]{40,}$/);
      expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
      expect(attributes).not.toContain('Secure');

      const me = await t.gql<{ me: { label: string } }>('{ me { label } }', {}, { cookie: attributes[0]! });
      expect(me.data.me.label).toBe(user.email);
    });
  });

  describe('when PUBLIC_URL is https', () => {
    it('returns a cookie marked Secure', async () => {
      const partner = await createPartner(secure.db);
      const user = await userWithPassword(secure.db, partner.id, 'OWNER', PASSWORD);
      const response = await secure.gql<SignIn>(SIGN_IN, { input: { email: user.email, password: PASSWORD } });
      expect(response.data.signIn.userErrors).toEqual([]);
      expect(response.headers.getSetCookie()[0]!.split('; ')).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax']));
    });
  });

  describe('when the login was deactivated', () => {
    it('returns ACCOUNT_DISABLED and no cookie', async () => {
      const partner = await createPartner(t.db);
      const user = await userWithPassword(t.db, partner.id, 'BILLING', PASSWORD);
      await t.db.user.update({ where: { id: user.id }, data: { active: false } });
      const response = await t.gql<SignIn>(SIGN_IN, { input: { email: user.email, password: PASSWORD } });
      expect(response.data.signIn.userErrors.map((e) => e.code)).toEqual(['ACCOUNT_DISABLED']);
      expect(response.headers.getSetCookie()).toEqual([]);
    });
  });
});
