import type { Catalog } from '@leaseboard/seed/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogOf, createPartner, product, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { START, STOP } from './lease-gql.ts';

const CUSTOMERS = `query($filter: CustomerFilter) {
  customers(filter: $filter, first: 50) { totalCount edges { node { email name company leases { totalCount edges { node { leaseNumber status } } } } } }
}`;

let t: TestApp;
let catalog: Catalog;
let headers: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  catalog = await catalogOf(t.db);
  const partnerId = (await createPartner(t.db)).id;
  headers = (await signedInUser(t.db, t.clock, partnerId, 'OWNER')).headers;
  const start = (email: string, name: string) =>
    t.gql<{ startLease: { lease: { id: string } } }>(START, { input: { productId: product(catalog, 'SM-PRO-100').gid, customer: { email, name, company: `${name} Ltd` } } }, headers);
  await start('ann@current.test', 'Ann');
  await start('ann@current.test', 'Ann');
  const gone = await start('ben@former.test', 'Ben');
  await t.gql(STOP, { input: { leaseId: gone.data.startLease.lease.id } }, headers);
});
afterAll(() => t.close());

async function customers(filter: Record<string, unknown> = {}) {
  const result = await t.gql<{ customers: { totalCount: number; edges: { node: { email: string; leases: { totalCount: number } } }[] } }>(CUSTOMERS, { filter }, headers);
  expect(result.errors).toBeUndefined();
  return result.data.customers;
}

describe('customers', () => {
  it('lists every customer who has leased, with their leases', async () => {
    const all = await customers();
    expect(all.totalCount).toBe(2);
    expect(all.edges.find((e) => e.node.email === 'ann@current.test')?.node.leases.totalCount).toBe(2);
  });

  it('filters current customers (with an active lease) and former ones', async () => {
    expect((await customers({ current: true })).edges.map((e) => e.node.email)).toEqual(['ann@current.test']);
    expect((await customers({ current: false })).edges.map((e) => e.node.email)).toEqual(['ben@former.test']);
  });

  it('finds customers by partial email and by name or company', async () => {
    expect((await customers({ email: 'FORMER' })).edges.map((e) => e.node.email)).toEqual(['ben@former.test']);
    expect((await customers({ name: 'ann ltd' })).edges.map((e) => e.node.email)).toEqual(['ann@current.test']);
  });

  describe('when a page asks for its count and whether it is exact', () => {
    it('reads the page and counts once: two statements', async () => {
      t.statements.length = 0;
      const result = await t.gql<{ customers: { totalCount: number; totalCountIsExact: boolean } }>(
        `{ customers(first: 1) { totalCount totalCountIsExact edges { node { email } } } }`,
        {},
        headers,
      );
      expect(result.data.customers).toEqual(expect.objectContaining({ totalCount: 2, totalCountIsExact: true }));
      expect(t.statements.filter((sql) => sql.includes('"Customer"'))).toHaveLength(2);
    });
  });

  describe('when more customers match than the count cap', () => {
    const COUNTED = `query($filter: CustomerFilter, $exact: Boolean) {
      customers(filter: $filter, first: 1, exactTotalCount: $exact) { totalCount totalCountIsExact edges { node { email } } }
      again: customers(filter: { email: "former" }) { totalCount totalCountIsExact }
    }`;
    type Counted = { customers: { totalCount: number; totalCountIsExact: boolean; edges: unknown[] }; again: { totalCount: number; totalCountIsExact: boolean } };

    it('says the count is a lower bound, counts exactly when asked to, and counts each list of the request apart', async () => {
      const cap = t.config.leaseCountCap;
      t.config.leaseCountCap = 1;
      try {
        const capped = await t.gql<Counted>(COUNTED, {}, headers);
        expect(capped.errors).toBeUndefined();
        expect(capped.data.customers).toMatchObject({ totalCount: 1, totalCountIsExact: false });
        expect(capped.data.customers.edges).toHaveLength(1);
        expect(capped.data.again).toEqual({ totalCount: 1, totalCountIsExact: true });
        const exact = await t.gql<Counted>(COUNTED, { exact: true }, headers);
        expect(exact.data.customers).toMatchObject({ totalCount: 2, totalCountIsExact: true });
      } finally {
        t.config.leaseCountCap = cap;
      }
    });
  });
});

