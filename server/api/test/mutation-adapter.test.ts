import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogOf, createPartner, product, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

const START = `mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { leaseNumber } userErrors { code field } } }`;

/** The one mutation adapter: authorisation, the partner, the use case's result, and refusals with a code. */
describe('the mutation adapter', () => {
  let t: TestApp;
  let productGid: string;
  let partnerId: number;

  beforeAll(async () => {
    t = await createTestApp();
    productGid = product(await catalogOf(t.db), 'SM-PRO-250').gid;
    partnerId = (await createPartner(t.db)).id;
  });
  afterAll(() => t.close());

  const startInput = (email: string) => ({ input: { productId: productGid, customer: { email } } });
  const leaseCount = () => t.db.lease.count();

  describe('when nobody is signed in', () => {
    it('refuses with UNAUTHENTICATED and changes nothing', async () => {
      const before = await leaseCount();
      const { data, errors } = await t.gql(START, startInput('anon@example.test'));
      expect(data).toBeNull();
      expect(errors?.map((e) => e.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
      expect(await leaseCount()).toBe(before);
    });
  });

  describe('when the caller lacks the scope', () => {
    it('refuses with FORBIDDEN and changes nothing', async () => {
      const analyst = await signedInUser(t.db, t.clock, partnerId, 'ANALYST');
      const before = await leaseCount();
      const { errors } = await t.gql(START, startInput('analyst@example.test'), analyst.headers);
      expect(errors?.map((e) => [e.extensions?.['code'], e.message.startsWith('Not authorized')])).toEqual([['FORBIDDEN', true]]);
      expect(await leaseCount()).toBe(before);
    });
  });

  describe('when the caller acts for no partner', () => {
    it('refuses vendor staff with FORBIDDEN before the use case runs', async () => {
      const admin = await signedInUser(t.db, t.clock, null, 'ADMIN');
      const { errors } = await t.gql(
        `mutation { addContact(input: { name: "N", email: "n@example.test" }) { contact { id } userErrors { code } } }`,
        {},
        admin.headers,
      );
      expect(errors?.map((e) => e.extensions?.['code'])).toEqual(['FORBIDDEN']);
      expect(await t.db.contact.count()).toBe(0);
    });
  });

  describe('when the use case refuses', () => {
    it('returns its userErrors with a null object, and writes nothing', async () => {
      const owner = await signedInUser(t.db, t.clock, partnerId, 'OWNER');
      const before = await leaseCount();
      const { data, errors } = await t.gql(START, { input: { productId: 'UHJvZHVjdDo5OTk5', customer: { email: 'x@example.test' } } }, owner.headers);
      expect(errors).toBeUndefined();
      expect(data).toEqual({ startLease: { lease: null, userErrors: [{ code: 'PRODUCT_NOT_FOUND', field: ['productId'] }] } });
      expect(await leaseCount()).toBe(before);
      expect(await t.db.outboxMessage.count({ where: { partnerId } })).toBe(0);
    });
  });

  describe('when the use case succeeds', () => {
    it('loads the object for the payload, with no userErrors', async () => {
      const owner = await signedInUser(t.db, t.clock, partnerId, 'OWNER');
      const { data } = await t.gql<{ startLease: { lease: { leaseNumber: number }; userErrors: unknown[] } }>(START, startInput('ok@example.test'), owner.headers);
      expect(data.startLease.userErrors).toEqual([]);
      const stored = await t.db.lease.findFirstOrThrow({ where: { partnerId }, orderBy: { id: 'desc' } });
      expect(data.startLease.lease.leaseNumber).toBe(stored.id);
    });
  });
});
