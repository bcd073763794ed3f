import { randomBytes } from 'node:crypto';
import type { Catalog } from '@leaseboard/seed/index';
import { generateLicenseKey, normalizeLicenseKey } from '@leaseboard/domain/licenses/license-key.rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOn, catalogOf, createPartner, gid, product, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { LEASES, MODIFY, START, STOP, type LeaseView, type Payload } from './lease-gql.ts';

let t: TestApp;
let catalog: Catalog;
let partnerId: number;
let headers: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-15T12:00:00Z' });
  catalog = await catalogOf(t.db);
  partnerId = (await createPartner(t.db, { company: 'Northwind' })).id;
  headers = (await signedInUser(t.db, t.clock, partnerId, 'MANAGER')).headers;
});
afterAll(() => t.close());

async function start(input: Record<string, unknown>) {
  const result = await t.gql<{ startLease: Payload }>(START, { input }, headers);
  expect(result.errors).toBeUndefined();
  return result.data.startLease;
}

async function startOk(email = `c${Math.random().toString(36).slice(2, 8)}@customer.test`, sku = 'SM-PRO-250', addOns: string[] = []) {
  const payload = await start({
    productId: product(catalog, sku).gid,
    addOnIds: addOns.map((code) => addOn(catalog, code).gid),
    customer: { email },
  });
  expect(payload.userErrors).toEqual([]);
  return payload.lease!;
}

async function modify(input: Record<string, unknown>) {
  const result = await t.gql<{ modifyLease: Payload }>(MODIFY, { input }, headers);
  expect(result.errors).toBeUndefined();
  return result.data.modifyLease;
}

async function stop(input: Record<string, unknown>) {
  const result = await t.gql<{ stopLease: Payload }>(STOP, { input }, headers);
  expect(result.errors).toBeUndefined();
  return result.data.stopLease;
}

describe('startLease', () => {
  describe('when the product and add-ons fit', () => {
    it('creates an active lease with a readable key, history version 1, the key email and an audit entry', async () => {
      const lease = await startOk('Alice@Example.test', 'SM-PRO-250', ['PREMIUM_ANTISPAM']);
      expect(lease.licenseKey).toMatch(/^SM(-[2-9A-HJKMNP-TV-Y]{5}){4}$/);
      expect(lease).toMatchObject({ status: 'ACTIVE', version: 1, product: { sku: 'SM-PRO-250' }, addOns: [{ code: 'PREMIUM_ANTISPAM' }] });
      expect(lease.customer.email).toBe('Alice@Example.test');
      expect(lease.history).toEqual([expect.objectContaining({ version: 1, action: 'STARTED', toProduct: { sku: 'SM-PRO-250' } })]);
      const antispam = addOn(catalog, 'PREMIUM_ANTISPAM');
      expect(lease.monthlyPriceCents).toBe(product(catalog, 'SM-PRO-250').priceCents + antispam.pricesByRank[1]!);

      const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { partnerId, kind: 'license-key' }, orderBy: { id: 'desc' } });
      expect(mail.to).toEqual(['Alice@Example.test']);
      expect(mail.text).toContain(lease.licenseKey);
      const audit = await t.db.auditLog.findFirstOrThrow({ where: { partnerId, action: 'lease.start', targetId: String(lease.leaseNumber) } });
      expect(audit.actorLabel).toMatch(/@example\.test$/);
    });

    it('reuses the customer with the same email, whatever its case', async () => {
      const first = await startOk('bob@customer.test');
      const second = await startOk('BOB@customer.test');
      const rows = await t.db.lease.findMany({ where: { id: { in: [first.leaseNumber, second.leaseNumber] } } });
      expect(new Set(rows.map((r) => r.customerId)).size).toBe(1);
    });

    it('sends the key where it is asked to', async () => {
      const payload = await start({ productId: product(catalog, 'ST-PRO-5').gid, customer: { email: 'carol@customer.test' }, sendKeyTo: 'it@customer.test' });
      expect(payload.lease?.licenseKey).toMatch(/^ST-/);
      const mail = await t.db.outboxMessage.findFirstOrThrow({ where: { partnerId }, orderBy: { id: 'desc' } });
      expect(mail.to).toEqual(['it@customer.test']);
    });
  });

  describe('when an Enterprise-only add-on is asked for on a Professional product', () => {
    it('refuses with ADDON_EDITION_NOT_ALLOWED and creates nothing', async () => {
      const before = await t.db.lease.count();
      const payload = await start({
        productId: product(catalog, 'SM-PRO-250').gid,
        addOnIds: [addOn(catalog, 'ACTIVESYNC').gid],
        customer: { email: 'dave@customer.test' },
      });
      expect(payload.lease).toBeNull();
      expect(payload.userErrors).toEqual([expect.objectContaining({ code: 'ADDON_EDITION_NOT_ALLOWED', field: ['addOnIds', '0'] })]);
      expect(await t.db.lease.count()).toBe(before);
      expect(await t.db.customer.count({ where: { emailNorm: 'dave@customer.test' } })).toBe(0);
    });
  });

  describe('when an add-on of another product type is asked for', () => {
    it('refuses with ADDON_WRONG_PRODUCT_TYPE', async () => {
      const payload = await start({ productId: product(catalog, 'ST-PRO-5').gid, addOnIds: [addOn(catalog, 'PREMIUM_ANTISPAM').gid], customer: { email: 'e@customer.test' } });
      expect(payload.userErrors.map((e) => e.code)).toEqual(['ADDON_WRONG_PRODUCT_TYPE']);
    });
  });

  describe('when the email is malformed', () => {
    it('is refused before anything runs', async () => {
      const result = await t.gql(START, { input: { productId: product(catalog, 'SM-PRO-250').gid, customer: { email: 'not-an-email' } } }, headers);
      expect(result.errors?.[0]?.message).toMatch(/email/i);
    });
  });
});

describe('modifyLease', () => {
  describe('when changing edition and tier and adding an add-on', () => {
    it('applies from now on, keeps the key and appends a history entry', async () => {
      const lease = await startOk();
      t.clock.advance(3_600_000);
      const payload = await modify({
        leaseId: lease.id,
        productId: product(catalog, 'SM-ENT-500').gid,
        addAddOnIds: [addOn(catalog, 'ACTIVESYNC').gid],
        expectedVersion: 1,
      });
      expect(payload.userErrors).toEqual([]);
      expect(payload.lease).toMatchObject({ licenseKey: lease.licenseKey, version: 2, product: { sku: 'SM-ENT-500' }, addOns: [{ code: 'ACTIVESYNC' }] });
      expect(payload.lease!.history.map((h) => [h.version, h.action, h.fromProduct?.sku, h.toProduct?.sku])).toEqual([
        [1, 'STARTED', undefined, 'SM-PRO-250'],
        [2, 'MODIFIED', 'SM-PRO-250', 'SM-ENT-500'],
      ]);
      const history = await t.db.leaseHistory.findFirstOrThrow({ where: { leaseId: lease.leaseNumber, version: 2 } });
      expect(history.effectiveAt.toISOString()).toBe(t.clock.now().toISOString());
    });
  });

  describe('when a downgrade would strand an Enterprise-only add-on', () => {
    it('refuses with ADDON_STRANDED unless the same request removes it', async () => {
      const lease = await startOk(undefined, 'SM-ENT-500', ['ACTIVESYNC']);
      const refused = await modify({ leaseId: lease.id, productId: product(catalog, 'SM-PRO-500').gid });
      expect(refused.userErrors.map((e) => e.code)).toEqual(['ADDON_STRANDED']);
      expect((await t.db.lease.findUniqueOrThrow({ where: { id: lease.leaseNumber } })).version).toBe(1);

      const done = await modify({ leaseId: lease.id, productId: product(catalog, 'SM-PRO-500').gid, removeAddOnIds: [addOn(catalog, 'ACTIVESYNC').gid] });
      expect(done.userErrors).toEqual([]);
      expect(done.lease).toMatchObject({ product: { sku: 'SM-PRO-500' }, addOns: [] });
    });
  });

  describe('when changing to another product type', () => {
    it('refuses with PRODUCT_TYPE_MISMATCH', async () => {
      const lease = await startOk();
      const payload = await modify({ leaseId: lease.id, productId: product(catalog, 'ST-PRO-5').gid });
      expect(payload.userErrors.map((e) => e.code)).toEqual(['PRODUCT_TYPE_MISMATCH']);
    });
  });

  describe('when nothing would change', () => {
    it('refuses with NO_CHANGE', async () => {
      const lease = await startOk();
      expect((await modify({ leaseId: lease.id, productId: product(catalog, 'SM-PRO-250').gid })).userErrors.map((e) => e.code)).toEqual(['NO_CHANGE']);
    });
  });

  describe('when the expected version is stale', () => {
    it('refuses with VERSION_CONFLICT', async () => {
      const lease = await startOk();
      await modify({ leaseId: lease.id, productId: product(catalog, 'SM-PRO-500').gid });
      const payload = await modify({ leaseId: lease.id, productId: product(catalog, 'SM-PRO-1000').gid, expectedVersion: 1 });
      expect(payload.userErrors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
    });
  });

  describe('when many modifications of one lease run in parallel', () => {
    it('applies each in turn and loses no history entry', async () => {
      const lease = await startOk();
      const skus = ['SM-PRO-500', 'SM-PRO-1000', 'SM-ENT-100', 'SM-ENT-250', 'SM-ENT-500', 'SM-ENT-1000', 'SM-PRO-UNL', 'SM-ENT-UNL'];
      const results = await Promise.all(skus.map((sku) => modify({ leaseId: lease.id, productId: product(catalog, sku).gid })));
      expect(results.every((r) => r.userErrors.length === 0)).toBe(true);
      const history = await t.db.leaseHistory.findMany({ where: { leaseId: lease.leaseNumber }, orderBy: { version: 'asc' } });
      expect(history.map((h) => h.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      for (let i = 1; i < history.length; i++) expect(history[i]!.fromProductId).toBe(history[i - 1]!.toProductId);
      const row = await t.db.lease.findUniqueOrThrow({ where: { id: lease.leaseNumber } });
      expect(row.version).toBe(9);
      expect(row.productId).toBe(history[8]!.toProductId);
    });
  });
});

describe('stopLease', () => {
  describe('when the lease is active', () => {
    it('stops it now and records who did', async () => {
      const lease = await startOk();
      const payload = await stop({ leaseId: lease.id });
      expect(payload.lease).toMatchObject({ status: 'STOPPED', version: 2 });
      expect(payload.lease!.history.at(-1)).toMatchObject({ action: 'STOPPED', actor: expect.stringMatching(/@example\.test$/) });
      expect((await t.db.lease.findUniqueOrThrow({ where: { id: lease.leaseNumber } })).stoppedAt?.toISOString()).toBe(t.clock.now().toISOString());
    });
  });

  describe('when the lease is already stopped', () => {
    it('refuses with LEASE_ALREADY_STOPPED, and a stopped lease cannot be modified', async () => {
      const lease = await startOk();
      await stop({ leaseId: lease.id });
      expect((await stop({ leaseId: lease.id })).userErrors.map((e) => e.code)).toEqual(['LEASE_ALREADY_STOPPED']);
      expect((await modify({ leaseId: lease.id, productId: product(catalog, 'SM-PRO-500').gid })).userErrors.map((e) => e.code)).toEqual(['LEASE_STOPPED']);
    });
  });
});

describe('idempotency keys', () => {
  describe('when the same key and input are sent twice', () => {
    it('returns the first lease and never creates a second', async () => {
      const input = { productId: product(catalog, 'SM-PRO-100').gid, customer: { email: 'cart@customer.test' }, externalRef: 'order-1', idempotencyKey: 'order-1-start' };
      const first = await start(input);
      const second = await start(input);
      expect(second.lease!.leaseNumber).toBe(first.lease!.leaseNumber);
      expect(await t.db.lease.count({ where: { externalRef: 'order-1' } })).toBe(1);
    });
  });

  describe('when the same key arrives concurrently', () => {
    it('creates one lease and answers both with it', async () => {
      const input = { productId: product(catalog, 'SM-PRO-100').gid, customer: { email: 'race@customer.test' }, externalRef: 'order-2', idempotencyKey: 'order-2-start' };
      const results = await Promise.all([start(input), start(input), start(input)]);
      expect(new Set(results.map((r) => r.lease!.leaseNumber)).size).toBe(1);
      expect(await t.db.lease.count({ where: { externalRef: 'order-2' } })).toBe(1);
    });
  });

  describe('when the same key comes with a different input', () => {
    it('refuses with IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
      await start({ productId: product(catalog, 'SM-PRO-100').gid, customer: { email: 'x@customer.test' }, idempotencyKey: 'order-3' });
      const before = await t.db.lease.count();
      const payload = await start({ productId: product(catalog, 'SM-PRO-250').gid, customer: { email: 'x@customer.test' }, idempotencyKey: 'order-3' });
      expect(payload.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
      expect(await t.db.lease.count()).toBe(before);
    });
  });

  describe('when a modify is retried with its key', () => {
    it('applies it once', async () => {
      const lease = await startOk();
      const input = { leaseId: lease.id, productId: product(catalog, 'SM-PRO-500').gid, idempotencyKey: 'modify-once' };
      await modify(input);
      const again = await modify(input);
      expect(again.userErrors).toEqual([]);
      expect(await t.db.leaseHistory.count({ where: { leaseId: lease.leaseNumber } })).toBe(2);
    });
  });
});

describe('leases (search)', () => {
  let target: LeaseView;
  beforeAll(async () => {
    target = await startOk('Needle.Person@Haystack-Example.test');
    await t.db.lease.update({ where: { id: target.leaseNumber }, data: { serverName: 'MAIL07.needle-hosting.net', serverNorm: 'mail07.needle-hosting.net' } });
  });

  async function search(filter: Record<string, unknown>) {
    const result = await t.gql<{ leases: { totalCount: number; edges: { node: LeaseView }[] } }>(LEASES, { filter, first: 50 }, headers);
    expect(result.errors).toBeUndefined();
    return result.data.leases;
  }

  it.each([
    ['the lease ID', () => ({ search: String(target.leaseNumber) })],
    ['a partial email, in any case', () => ({ search: 'needle.PERSON@haystack' })],
    ['the license key in lower case without dashes', () => ({ search: target.licenseKey.replace(/-/g, '').toLowerCase() })],
    ['a partial server name', () => ({ search: 'mail07.NEEDLE' })],
    ['the dedicated email filter', () => ({ customerEmail: 'haystack-example' })],
    ['the dedicated key filter', () => ({ licenseKey: target.licenseKey.toLowerCase() })],
    ['the dedicated server filter', () => ({ serverName: 'needle-hosting' })],
  ])('finds the lease by %s', async (_name, filter) => {
    const found = await search(filter());
    expect(found.edges.map((e) => e.node.leaseNumber)).toContain(target.leaseNumber);
  });

  it('takes % and _ in a search literally', async () => {
    const found = await search({ search: '%' });
    expect(found).toMatchObject({ totalCount: 0, edges: [] });
    expect((await search({ customerEmail: 'needle_person' })).totalCount).toBe(0);
  });

  it('counts every match, whatever page is asked for', async () => {
    const first = await t.gql<{ leases: { totalCount: number; pageInfo: { endCursor: string } } }>(LEASES, { filter: { customerEmail: 'customer.test' }, first: 2 }, headers);
    const second = await t.gql<{ leases: { totalCount: number } }>(LEASES, { filter: { customerEmail: 'customer.test' }, first: 2, after: first.data.leases.pageInfo.endCursor }, headers);
    const expected = await t.db.lease.count({ where: { partnerId, customerEmailNorm: { contains: 'customer.test' } } });
    expect(first.data.leases.totalCount).toBe(expected);
    expect(second.data.leases.totalCount).toBe(expected);
  });

  describe('when more leases match than the count cap', () => {
    const COUNTED = `query($filter: LeaseFilter, $exact: Boolean, $sort: LeaseSort) {
      leases(filter: $filter, first: 2, exactTotalCount: $exact, sort: $sort) { totalCount totalCountIsExact edges { node { leaseNumber } } } }`;

    it('says the count is a lower bound, and counts exactly when asked to', async () => {
      const expected = await t.db.lease.count({ where: { partnerId, customerEmailNorm: { contains: 'customer.test' } } });
      expect(expected).toBeGreaterThan(3);
      const cap = t.config.leaseCountCap;
      t.config.leaseCountCap = 3;
      try {
        const filter = { customerEmail: 'customer.test' };
        for (const sort of ['NEWEST', 'STARTED_AT_ASC', 'CUSTOMER_EMAIL']) {
          const capped = await t.gql<{ leases: { totalCount: number; totalCountIsExact: boolean } }>(COUNTED, { filter, sort }, headers);
          expect(capped.data.leases).toMatchObject({ totalCount: 3, totalCountIsExact: false });
          const exact = await t.gql<{ leases: { totalCount: number; totalCountIsExact: boolean } }>(COUNTED, { filter, sort, exact: true }, headers);
          expect(exact.data.leases).toMatchObject({ totalCount: expected, totalCountIsExact: true });
        }
        const few = await t.gql<{ leases: { totalCount: number; totalCountIsExact: boolean } }>(COUNTED, { filter: { search: 'needle.person' } }, headers);
        expect(few.data.leases).toMatchObject({ totalCount: 1, totalCountIsExact: true });
      } finally {
        t.config.leaseCountCap = cap;
      }
    });
  });

  it('refuses a cursor of another sort order with BAD_CURSOR', async () => {
    const first = await t.gql<{ leases: { pageInfo: { endCursor: string } } }>(LEASES, { first: 1 }, headers);
    const result = await t.gql(`query($after: String) { leases(first: 1, after: $after, sort: OLDEST) { totalCount } }`, { after: first.data.leases.pageInfo.endCursor }, headers);
    expect(result.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_CURSOR' } });
  });

  it('filters by status and counts what it finds', async () => {
    const stopped = await search({ status: 'STOPPED' });
    expect(stopped.totalCount).toBe(stopped.edges.length);
    expect(stopped.edges.every((e) => e.node.status === 'STOPPED')).toBe(true);
    expect(stopped.totalCount).toBe(await t.db.lease.count({ where: { partnerId, status: 'STOPPED' } }));
  });

  it('pages through every lease with cursors', async () => {
    const total = await t.db.lease.count({ where: { partnerId } });
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const result: { data: { leases: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: LeaseView }[] } } } = await t.gql(LEASES, { first: 7, after }, headers);
      seen.push(...result.data.leases.edges.map((e) => e.node.leaseNumber));
      if (!result.data.leases.pageInfo.hasNextPage) break;
      after = result.data.leases.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('serves at most 100 leases a page, whatever is asked', async () => {
    const customer = await t.db.customer.create({ data: { partnerId, email: 'bulk@customer.test', emailNorm: 'bulk@customer.test' } });
    const productId = product(catalog, 'SM-PRO-100').id;
    await t.db.lease.createMany({
      data: Array.from({ length: 110 }, () => ({
        partnerId, customerId: customer.id, productId, licenseKey: normalizeLicenseKey(generateLicenseKey('SM', (n) => randomBytes(n)))!, startedAt: t.clock.now(), sendKeyTo: customer.email, customerEmailNorm: customer.emailNorm,
      })),
    });
    const result = await t.gql<{ leases: { pageInfo: { hasNextPage: boolean }; edges: unknown[] } }>(LEASES, { first: 101 }, headers);
    expect(result.data.leases.edges).toHaveLength(100);
    expect(result.data.leases.pageInfo.hasNextPage).toBe(true);
  });
});
