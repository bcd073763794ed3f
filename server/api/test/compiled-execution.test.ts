import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, signedInUser, startedLease } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let headers: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const partnerId = (await createPartner(t.db)).id;
  headers = (await signedInUser(t.db, t.clock, partnerId, 'MANAGER')).headers;
  await startedLease(t.db, t.clock, partnerId);
});
afterAll(() => t.close());

const withCustomer = (fallback: boolean) =>
  `query($withCustomer: Boolean! = ${fallback}) { leases(first: 5) { edges { node { status customer @include(if: $withCustomer) { email } } } } }`;

describe('compiled execution (graphql-jit)', () => {
  describe('when a non-null variable with a default is left out', () => {
    it('runs with the default, as graphql-js does', async () => {
      const included = await t.gql<{ leases: { edges: { node: object }[] } }>(withCustomer(true), {}, headers);
      expect(included.errors).toBeUndefined();
      expect(included.data.leases.edges.map((e) => e.node)).toEqual([{ status: 'ACTIVE', customer: { email: expect.any(String) } }]);
      const left = await t.gql<{ leases: { edges: { node: object }[] } }>(withCustomer(false), {}, headers);
      expect(left.errors).toBeUndefined();
      expect(left.data.leases.edges.map((e) => e.node)).toEqual([{ status: 'ACTIVE' }]);
    });

    it('runs with the value sent when one is', async () => {
      const sent = await t.gql<{ leases: { edges: { node: object }[] } }>(withCustomer(true), { withCustomer: false }, headers);
      expect(sent.data.leases.edges.map((e) => e.node)).toEqual([{ status: 'ACTIVE' }]);
    });
  });

  describe('when a variable is not of its type', () => {
    it("is refused with graphql-js's message, which says what the type expects", async () => {
      const refused = await t.gql(withCustomer(true), { withCustomer: 'yes' }, headers);
      expect(refused.errors?.map((e) => e.message)).toEqual(['Variable "$withCustomer" got invalid value "yes"; Boolean cannot represent a non boolean value: "yes"']);
    });
  });
});
