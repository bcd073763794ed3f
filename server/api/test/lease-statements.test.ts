import type { Catalog } from '@leaseboard/seed/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOn, catalogOf, createPartner, product, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { START } from './lease-gql.ts';

/** Every field the admin's lease table and details modal show, nested as the admin asks for them. */
const ADMIN_LEASES = `query($first: Int!) {
  leases(first: $first, filter: { status: ACTIVE }) {
    totalCount
    edges { node {
      id leaseNumber licenseKey status startedAt stoppedAt machineName lastSeenAt version monthlyPriceCents externalRef
      product { sku name edition tierLabel monthlyPriceCents productType { name unit } }
      addOns { code name }
      customer { email name company }
      history { version action effectiveAt actor fromProduct { sku } toProduct { sku } }
      activations { serverName lastSeenAt }
    } }
  }
}`;

/** The admin's lease table: the LeaseRow fragment (admin/src/lib/graphql/leases.ts) as a partner's user asks for it. */
const LEASE_TABLE = `query($first: Int!) {
  leases(first: $first, filter: { status: ACTIVE }) {
    totalCount totalCountIsExact pageInfo { hasNextPage endCursor }
    edges { node {
      id leaseNumber status startedAt machineName monthlyPriceCents
      customer { email name } product { name edition tierLabel productType { name } } addOns { id name }
    } }
  }
}`;

let t: TestApp;
let headers: Record<string, string>;
let catalog: Catalog;

beforeAll(async () => {
  t = await createTestApp();
  catalog = await catalogOf(t.db);
  const partnerId = (await createPartner(t.db)).id;
  headers = (await signedInUser(t.db, t.clock, partnerId, 'MANAGER')).headers;
  for (let i = 0; i < 60; i++) {
    const sku = ['SM-PRO-250', 'SM-ENT-500', 'ST-PRO-5', 'SS-ENT-50'][i % 4]!;
    const addOns = sku.startsWith('SM-') ? [addOn(catalog, 'PREMIUM_ANTISPAM').gid] : [];
    await t.gql(START, { input: { productId: product(catalog, sku).gid, addOnIds: addOns, customer: { email: `n${i}@customer.test` } } }, headers);
  }
});
afterAll(() => t.close());

async function statementsFor(first: number, query = ADMIN_LEASES): Promise<string[]> {
  t.statements.length = 0;
  const result = await t.gql<{ leases: { edges: unknown[] } }>(query, { first }, headers);
  expect(result.errors).toBeUndefined();
  expect(result.data.leases.edges).toHaveLength(first);
  // The session check and its last-seen update belong to authentication, not to the query; the price book
  // and the catalog book are read for the whole process at most once in their TTL, not per request.
  return t.statements.filter((sql) => !/"Session"|"ApiKey"|"User"|"ProductPrice"|"AddOnPrice"/.test(sql) && !CATALOG_BOOK_READ.test(sql));
}

/** The catalog book's reads (catalog/catalog-book.ts): each table whole, with no condition. */
const CATALOG_BOOK_READ = /^SELECT [^;]* FROM "public"\."(ProductType|Product|AddOn)" AS "t0"$/;

describe('the leases connection with every nested field the admin shows', () => {
  describe('when the page size grows', () => {
    it('issues the same number of SQL statements (no N+1)', async () => {
      const five = await statementsFor(5);
      const twentyFive = await statementsFor(25);
      const fifty = await statementsFor(50);
      expect(twentyFive.length).toBe(five.length);
      expect(fifty.length).toBe(five.length);
    });

    // The page, its leases again with their activations (Prisma), and the history of all of them in one more:
    // under graphql-jit the Prisma plugin does not find the history's nested products in the plan it loaded
    // the leases with (it keys plans by the path objects graphql-js passes), and loads the history apart.
    it('stays within a fixed budget of statements', async () => {
      const statements = await statementsFor(50);
      expect(statements.length).toMatchInlineSnapshot(`3`);
    });
  });
});

describe("the admin's lease table", () => {
  it('is one SQL statement whatever the page size: the leases, their customers and the count (products and add-ons come from the catalog book)', async () => {
    for (const first of [5, 25, 50]) {
      const statements = await statementsFor(first, LEASE_TABLE);
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/count\(\*\)[\s\S]*JOIN "Customer"/);
    }
  });

  it("is two for vendor staff, whose table shows each lease's partner too: the search, then the page's partners", async () => {
    const vendor = await signedInUser(t.db, t.clock, null, 'ADMIN');
    const withPartner = LEASE_TABLE.replace('addOns { id name }', 'addOns { id name } partner { id company }');
    t.statements.length = 0;
    const result = await t.gql<{ leases: { edges: { node: { partner: { company: string } } }[] } }>(withPartner, { first: 25 }, vendor.headers);
    expect(result.errors).toBeUndefined();
    expect(result.data.leases.edges.every((e) => e.node.partner.company)).toBe(true);
    const statements = t.statements.filter((sql) => !/"Session"|"User"|"ProductPrice"|"AddOnPrice"/.test(sql) && !CATALOG_BOOK_READ.test(sql));
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatch(/FROM "public"\."Partner"/);
    expect(statements[1]).not.toMatch(/"Lease"/);
  });

  it("shows what the relations say: each lease's product, type, add-ons, customer and price", async () => {
    type Row = { leaseNumber: number; monthlyPriceCents: number; customer: { email: string }; product: { name: string; tierLabel: string; productType: { name: string } }; addOns: { name: string }[] };
    const result = await t.gql<{ leases: { edges: { node: Row }[] } }>(LEASE_TABLE, { first: 50 }, headers);
    const leases = await t.db.lease.findMany({
      where: { id: { in: result.data.leases.edges.map((e) => e.node.leaseNumber) } },
      include: { customer: true, product: { include: { productType: true } }, addOns: { include: { addOn: true }, orderBy: { addOnId: 'asc' } } },
    });
    expect(leases).toHaveLength(50);
    for (const { node } of result.data.leases.edges) {
      const lease = leases.find((l) => l.id === node.leaseNumber)!;
      expect(node).toMatchObject({
        customer: { email: lease.customer.email },
        product: { name: lease.product.name, productType: { name: lease.product.productType.name } },
        addOns: lease.addOns.map((a) => ({ name: a.addOn.name })),
      });
    }
    expect(new Set(result.data.leases.edges.map((e) => e.node.addOns.length)).size).toBe(2);
    expect(new Set(result.data.leases.edges.map((e) => e.node.monthlyPriceCents)).size).toBeGreaterThan(1);
  });
});

describe('a page of the leases connection without totalCount', () => {
  const PAGE = `query($first: Int!, $after: String) { leases(first: $first, after: $after) { edges { node { leaseNumber } } pageInfo { hasNextPage endCursor } } }`;
  const PAGE_WITH_TOTAL = `query($first: Int!, $after: String) { leases(first: $first, after: $after) { ...Total edges { node { leaseNumber } } pageInfo { hasNextPage endCursor } } }
    fragment Total on QueryLeasesConnection { totalCount }`;

  it('counts nothing, and pages through the same leases as with the total', async () => {
    type Page = { leases: { totalCount?: number; edges: { node: { leaseNumber: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
    const walk = async (query: string) => {
      const numbers: number[] = [];
      let after: string | null = null;
      for (;;) {
        t.statements.length = 0;
        const result: { data: Page; errors?: unknown } = await t.gql<Page>(query, { first: 25, after }, headers);
        expect(result.errors).toBeUndefined();
        numbers.push(...result.data.leases.edges.map((edge) => edge.node.leaseNumber));
        if (!result.data.leases.pageInfo.hasNextPage) return { numbers, statements: [...t.statements], total: result.data.leases.totalCount };
        after = result.data.leases.pageInfo.endCursor;
      }
    };
    const plain = await walk(PAGE);
    const counted = await walk(PAGE_WITH_TOTAL);
    expect(plain.numbers).toHaveLength(60);
    expect(plain.numbers).toEqual(counted.numbers);
    expect(counted.total).toBe(60);
    expect(plain.statements.some((sql) => /count\(\*\)/i.test(sql))).toBe(false);
    expect(counted.statements.some((sql) => /count\(\*\)/i.test(sql))).toBe(true);
  });
});
