import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFor, createPartner, gid, signedInUser, startedLease } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let customerId: string;
let ownerUserId: string;
let owner: Record<string, string>;
let partnerId: number;

beforeAll(async () => {
  t = await createTestApp();
  partnerId = (await createPartner(t.db)).id;
  const lease = await startedLease(t.db, t.clock, partnerId);
  customerId = gid('Customer', String(lease.customerId));
  const signedIn = await signedInUser(t.db, t.clock, partnerId, 'OWNER');
  owner = signedIn.headers;
  ownerUserId = gid('User', String(signedIn.user.id));
});
afterAll(() => t.close());

const node = 'query ($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }';

async function read(id: string, headers: Record<string, string>) {
  const result = await t.gql<{ node: { id: string } | null; nodes: ({ id: string } | null)[] }>(node, { id }, headers);
  expect(result.errors).toBeUndefined();
  return [result.data.node?.id ?? null, result.data.nodes[0]?.id ?? null];
}

describe('node(id:) and nodes(ids:)', () => {
  describe('for a customer', () => {
    it('are null to an API key with only LEASES_READ, as `customers` is refused to it', async () => {
      const key = await apiKeyFor(t.db, partnerId, ['leases:read']);
      expect(await read(customerId, key.headers)).toEqual([null, null]);
    });

    it('find it for an API key with CUSTOMERS_READ', async () => {
      const key = await apiKeyFor(t.db, partnerId, ['customers:read']);
      expect(await read(customerId, key.headers)).toEqual([customerId, customerId]);
    });
  });

  describe('for a user', () => {
    it('are null to vendor staff, as `users` is refused to them', async () => {
      const vendor = await signedInUser(t.db, t.clock, null, 'ADMIN');
      expect(await read(ownerUserId, vendor.headers)).toEqual([null, null]);
    });

    it('are null to a manager of the same partner, who may not manage users', async () => {
      const manager = await signedInUser(t.db, t.clock, partnerId, 'MANAGER');
      expect(await read(ownerUserId, manager.headers)).toEqual([null, null]);
    });

    it('find it for the owner, who manages users, and for the user themself', async () => {
      expect(await read(ownerUserId, owner)).toEqual([ownerUserId, ownerUserId]);
      const manager = await signedInUser(t.db, t.clock, partnerId, 'MANAGER');
      const self = gid('User', String(manager.user.id));
      expect(await read(self, manager.headers)).toEqual([self, self]);
    });
  });
});
