import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

// A refusal tells the admin whether signing in again could help: it sends ended sessions to sign-in and
// says "not allowed" only to people who are signed in.
const LEASES = '{ leases(first: 1) { totalCount } }';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('a refused field', () => {
  describe('when nobody is signed in', () => {
    it('returns UNAUTHENTICATED', async () => {
      const response = await t.gql(LEASES, {});
      expect(response.errors?.map((e) => e.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
      expect(response.errors?.[0]?.message).toMatch(/^Not authorized/);
    });
  });

  describe('when the session has ended (signed out elsewhere)', () => {
    it('returns UNAUTHENTICATED', async () => {
      const partner = await createPartner(t.db);
      const owner = await signedInUser(t.db, t.clock, partner.id, 'OWNER');
      await t.db.session.deleteMany({ where: { userId: owner.user.id } });
      const response = await t.gql(LEASES, {}, owner.headers);
      expect(response.errors?.map((e) => e.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe("when the signed-in role lacks the scope", () => {
    it('returns FORBIDDEN', async () => {
      const partner = await createPartner(t.db);
      const billing = await signedInUser(t.db, t.clock, partner.id, 'BILLING');
      const response = await t.gql(LEASES, {}, billing.headers);
      expect(response.errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN']);
    });
  });
});
