import { schema } from '@leaseboard/schema';
import type { Catalog } from '@leaseboard/db/seed/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOn, catalogOf, createPartner, gid, product, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { LEASE_FIELDS, START } from './lease-gql.ts';

/**
 * A viewer of partner B tries every query and mutation with partner A's IDs: it sees nothing and
 * changes nothing. Every operation in the schema must have a case here (the last test checks).
 */
let t: TestApp;
let catalog: Catalog;
let a: { leaseGid: string; leaseNumber: number; customerGid: string; email: string; licenseKey: string };
let bHeaders: Record<string, string>;

interface Case {
  query: string;
  variables?: () => Record<string, unknown>;
  /** What B must see; by default: no data of A anywhere in the response. */
  expectResult?: (data: Record<string, unknown>) => void;
}

const none = (field: string) => (data: Record<string, unknown>) => expect(data[field]).toBeNull();
const refused = (field: string, code: string) => (data: Record<string, unknown>) => {
  const payload = data[field] as { userErrors: { code: string }[] } | null;
  expect(payload?.userErrors.map((e) => e.code)).toEqual([code]);
};

const CASES: Record<string, Case> = {
  catalog: { query: '{ catalog { code } }' },
  me: { query: '{ me { label } }' },
  leases: {
    query: `query($s: String) { leases(filter: { search: $s }) { totalCount edges { node { leaseNumber } } } }`,
    variables: () => ({ s: a.email }),
    expectResult: (data) => expect(data['leases']).toEqual({ totalCount: 0, edges: [] }),
  },
  lease: { query: 'query($n: Int!) { lease(leaseNumber: $n) { leaseNumber } }', variables: () => ({ n: a.leaseNumber }), expectResult: none('lease') },
  node: { query: 'query($id: ID!) { node(id: $id) { id } }', variables: () => ({ id: a.leaseGid }), expectResult: none('node') },
  nodes: {
    query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
    variables: () => ({ ids: [a.leaseGid, a.customerGid] }),
    expectResult: (data) => expect(data['nodes']).toEqual([null, null]),
  },
  customers: {
    query: 'query($e: String) { customers(filter: { email: $e }) { totalCount edges { node { email } } } }',
    variables: () => ({ e: 'secret.customer' }),
    expectResult: (data) => expect(data['customers']).toEqual({ totalCount: 0, edges: [] }),
  },
  outboxMessages: { query: '{ outboxMessages { edges { node { to subject } } } }', expectResult: (data) => expect(data['outboxMessages']).toEqual({ edges: [] }) },
  signIn: { query: 'mutation { signIn(input: { email: "nobody@x.test", password: "x" }) { userErrors { code } } }' },
  startLease: {
    query: START,
    variables: () => ({ input: { productId: product(catalog, 'SM-PRO-100').gid, customer: { email: a.email } } }),
    expectResult: (data) => {
      // B may lease to the same person, but gets a customer of its own: A's customer is untouched.
      expect((data['startLease'] as { userErrors: unknown[] }).userErrors).toEqual([]);
    },
  },
  modifyLease: {
    query: `mutation($input: ModifyLeaseInput!) { modifyLease(input: $input) { lease { ${LEASE_FIELDS} } userErrors { code } } }`,
    variables: () => ({ input: { leaseId: a.leaseGid, productId: product(catalog, 'SM-PRO-500').gid, addAddOnIds: [addOn(catalog, 'PREMIUM_ANTISPAM').gid] } }),
    expectResult: refused('modifyLease', 'LEASE_NOT_FOUND'),
  },
  stopLease: {
    query: 'mutation($input: StopLeaseInput!) { stopLease(input: $input) { lease { leaseNumber } userErrors { code } } }',
    variables: () => ({ input: { leaseId: a.leaseGid } }),
    expectResult: refused('stopLease', 'LEASE_NOT_FOUND'),
  },
  // Last: it ends B's session.
  signOut: { query: 'mutation { signOut }' },
};

async function snapshotOfA(partnerId: number) {
  const [leases, customers, history, addOns, audit, outbox] = await Promise.all([
    t.db.lease.findMany({ where: { partnerId }, orderBy: { id: 'asc' } }),
    t.db.customer.findMany({ where: { partnerId }, orderBy: { id: 'asc' } }),
    t.db.leaseHistory.count({ where: { partnerId } }),
    t.db.leaseAddOn.count({ where: { lease: { partnerId } } }),
    t.db.auditLog.count({ where: { partnerId } }),
    t.db.outboxMessage.count({ where: { partnerId } }),
  ]);
  return { leases, customers, history, addOns, audit, outbox };
}

let partnerA: number;
let before: Awaited<ReturnType<typeof snapshotOfA>>;

beforeAll(async () => {
  t = await createTestApp();
  catalog = await catalogOf(t.db);
  partnerA = (await createPartner(t.db, { company: 'A' })).id;
  const partnerB = (await createPartner(t.db, { company: 'B' })).id;
  const ownerA = await signedInUser(t.db, t.clock, partnerA, 'OWNER');
  bHeaders = (await signedInUser(t.db, t.clock, partnerB, 'OWNER')).headers;
  const started = await t.gql<{ startLease: { lease: { id: string; leaseNumber: number; licenseKey: string } } }>(
    START,
    { input: { productId: product(catalog, 'SM-PRO-250').gid, customer: { email: 'secret.customer@a.test' } } },
    ownerA.headers,
  );
  const lease = started.data.startLease.lease;
  const row = await t.db.lease.update({ where: { id: lease.leaseNumber }, data: { serverName: 'mail.a-hosting.test', serverNorm: 'mail.a-hosting.test' } });
  a = { leaseGid: lease.id, leaseNumber: lease.leaseNumber, customerGid: gid('Customer', row.customerId), email: 'secret.customer@a.test', licenseKey: lease.licenseKey };
  before = await snapshotOfA(partnerA);
});
afterAll(() => t.close());

describe('tenant isolation', () => {
  for (const [name, c] of Object.entries(CASES)) {
    describe(`when partner B calls ${name} with partner A's IDs`, () => {
      it("sees none of A's data", async () => {
        const result = await t.gql<Record<string, unknown>>(c.query, c.variables?.(), bHeaders);
        expect(result.errors ?? []).toEqual([]);
        c.expectResult?.(result.data);
        const text = JSON.stringify(result.data);
        for (const secret of [a.email, a.licenseKey, 'mail.a-hosting.test']) {
          if (name !== 'startLease') expect(text).not.toContain(secret);
        }
      });
    });
  }

  describe("after all of B's attempts", () => {
    it("has changed nothing of A's", async () => {
      expect(await snapshotOfA(partnerA)).toEqual(before);
    });
  });

  describe('the case list', () => {
    it('covers every query and mutation of the schema', () => {
      const operations = [
        ...Object.keys(schema.getQueryType()!.getFields()),
        ...Object.keys(schema.getMutationType()!.getFields()),
        ...Object.keys(schema.getSubscriptionType()?.getFields() ?? {}),
      ];
      expect(operations.filter((op) => !(op in CASES))).toEqual([]);
    });
  });
});
