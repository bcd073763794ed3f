import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogOf, createPartner } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { formatLicenseKey, generateLicenseKey, normalizeLicenseKey } from '../licenses/license-key.rules.ts';
import { GRAM, type LeaseFilter } from './lease-filter.rules.ts';
import { LEASE_SORTS, type LeaseSort } from './lease-order.rules.ts';
import { PROBE_HITS, PROBE_SAMPLE, searchLeases, type SearchLeasesInput } from './search-leases.ts';

/**
 * Every filter × every sort order returns the same set of leases, the one a plain reading of the filter
 * gives (`expected` below), with the same count, paged forwards and backwards, on either database. The
 * search text holds `%`, `_` and `\`, which must match themselves. Terms of GRAM characters or more are found
 * either through the gram indexes (narrow) or by the ordered scan (broad): both kinds are here.
 */
let t: TestServices;
let partnerId: number;
let otherPartnerId: number;
let leases: Row[];
const CAP = 5;

interface Row {
  id: number;
  partnerId: number;
  customerId: number;
  productId: number;
  productTypeId: number;
  licenseKey: string;
  status: 'ACTIVE' | 'STOPPED';
  startedAt: Date;
  customerEmailNorm: string;
  serverNorm: string | null;
}

const EMAILS = [
  'plain@alpha.test', 'per%cent@alpha.test', 'perxcent@alpha.test', 'under_score@beta.test', 'underxscore@beta.test',
  'back\\slash@gamma.test', 'backxslash@gamma.test', 'upper.case@delta.test',
];
const SERVERS = [null, 'mail_01.alpha.net', 'mailx01.alpha.net', 'web%1.beta.net', 'webx1.beta.net', 'host\\a.gamma.net'];

beforeAll(async () => {
  t = await createTestServices();
  const catalog = await catalogOf(t.db);
  partnerId = (await createPartner(t.db)).id;
  otherPartnerId = (await createPartner(t.db)).id;
  const products = [catalog.products[0]!, catalog.products.at(-1)!];
  let drawn = 0;
  const bytes = (n: number) => createHash('sha256').update(`key ${drawn++}`).digest().subarray(0, n);
  for (const owner of [partnerId, otherPartnerId]) {
    const customers: { id: number; email: string; emailNorm: string }[] = [];
    for (const email of EMAILS) customers.push(await t.db.customer.create({ data: { partnerId: owner, email, emailNorm: email } }));
    const count = owner === partnerId ? 26 : 6;
    await t.db.lease.createMany({
      data: Array.from({ length: count }, (_, i) => {
        const customer = customers[(i * 5) % customers.length]!;
        const product = products[i % 3 === 0 ? 1 : 0]!;
        const server = SERVERS[i % SERVERS.length]!;
        return {
          partnerId: owner,
          customerId: customer.id,
          productId: product.id,
          licenseKey: normalizeLicenseKey(generateLicenseKey('SM', bytes))!,
          status: i % 4 === 1 ? ('STOPPED' as const) : ('ACTIVE' as const),
          // Several leases share a start time, so the id must break the tie for paging to be exact.
          startedAt: new Date(Date.UTC(2025, 0, 1 + (i % 7), 9)),
          sendKeyTo: customer.email,
          customerEmailNorm: customer.emailNorm,
          serverName: server?.toUpperCase() ?? null,
          serverNorm: server,
        };
      }),
    });
  }
  const rows = await t.db.lease.findMany({ include: { product: { select: { productTypeId: true } } } });
  leases = rows.map((l) => ({ ...l, productTypeId: l.product.productTypeId }));
}, 60_000);
afterAll(() => t.close());

/** The filter read plainly: lower-cased substrings, literal characters. */
function expected(owner: number | null, f: LeaseFilter): number[] {
  const has = (value: string | null, fragment: string) => value !== null && value.includes(fragment.trim().toLowerCase());
  const search = f.search?.trim();
  return leases
    .filter((l) => owner === null || l.partnerId === owner)
    .filter((l) => f.leaseId == null || l.id === f.leaseId)
    .filter((l) => !f.customerEmail?.trim() || has(l.customerEmailNorm, f.customerEmail))
    .filter((l) => !f.serverName?.trim() || has(l.serverNorm, f.serverName))
    .filter((l) => !f.licenseKey?.trim() || normalizeLicenseKey(f.licenseKey) === l.licenseKey)
    .filter((l) => !f.status || l.status === f.status)
    .filter((l) => f.productTypeId == null || l.productTypeId === f.productTypeId)
    .filter((l) => f.productId == null || l.productId === f.productId)
    .filter((l) => f.customerId == null || l.customerId === f.customerId)
    .filter((l) => !f.startedFrom || l.startedAt >= f.startedFrom)
    .filter((l) => !f.startedTo || l.startedAt < f.startedTo)
    .filter((l) => !search || has(l.customerEmailNorm, search) || has(l.serverNorm, search) || String(l.id) === search.replace(/^#/, '')
      || normalizeLicenseKey(search) === l.licenseKey)
    .map((l) => l.id)
    .sort((a, b) => a - b);
}

const first = () => leases.find((l) => l.partnerId === partnerId && l.serverNorm !== null)!;
const FILTERS: [string, () => LeaseFilter][] = [
  ['no filter', () => ({})],
  ['search "%"', () => ({ search: '%' })],
  ['search "_"', () => ({ search: '_' })],
  ['search "\\"', () => ({ search: '\\' })],
  ['search "per%cent"', () => ({ search: 'per%cent' })],
  ['search "under_score"', () => ({ search: 'UNDER_score' })],
  ['search "back\\slash"', () => ({ search: 'back\\slash' })],
  ['search "mail_01"', () => ({ search: ' mail_01 ' })],
  ['search "alpha"', () => ({ search: 'ALPHA' })],
  ['search a lease id', () => ({ search: String(first().id) })],
  ['search "#" and a lease id', () => ({ search: `#${first().id}` })],
  ['search a license key in lower case without dashes', () => ({ search: first().licenseKey.toLowerCase() })],
  ['search with no match', () => ({ search: 'no-such-thing' })],
  ['customerEmail "_"', () => ({ customerEmail: '_' })],
  ['customerEmail "%"', () => ({ customerEmail: '%' })],
  ['customerEmail "\\"', () => ({ customerEmail: '\\' })],
  ['customerEmail "beta"', () => ({ customerEmail: 'Beta' })],
  ['serverName "_"', () => ({ serverName: '_' })],
  ['serverName "%"', () => ({ serverName: '%' })],
  ['serverName "alpha.net"', () => ({ serverName: 'ALPHA.net' })],
  ['licenseKey in display form', () => ({ licenseKey: formatLicenseKey(first().licenseKey) })],
  ['licenseKey that is not a key', () => ({ licenseKey: 'not-a-key' })],
  ['leaseId', () => ({ leaseId: first().id })],
  ['status STOPPED', () => ({ status: 'STOPPED' })],
  ['productTypeId', () => ({ productTypeId: first().productTypeId })],
  ['productId', () => ({ productId: first().productId })],
  ['customerId', () => ({ customerId: first().customerId })],
  ['startedFrom and startedTo', () => ({ startedFrom: new Date('2025-01-03T00:00:00Z'), startedTo: new Date('2025-01-06T00:00:00Z') })],
  ['search "alpha" and status ACTIVE', () => ({ search: 'alpha', status: 'ACTIVE' })],
  ['customerEmail "under_score@beta"', () => ({ customerEmail: 'UNDER_score@BETA' })],
  ['serverName "mail_01.alpha"', () => ({ serverName: 'mail_01.alpha' })],
  ['search "back\\slash@gamma.test"', () => ({ search: 'back\\slash@gamma.test' })],
  ['search "ckxsl" (the middle of a word)', () => ({ search: 'ckxsl' })],
  ['customerEmail "alpha.test" and serverName "beta.net"', () => ({ customerEmail: 'alpha.test', serverName: 'beta.net' })],
];

async function page(filter: LeaseFilter, sort: LeaseSort, paging: Partial<SearchLeasesInput>, owner: number | null = partnerId) {
  const result = await searchLeases(t.db, owner, { filter, sort, count: 'NONE', countCap: CAP, ...paging });
  if (!result.ok) throw new Error(result.errors[0]!.message);
  return result.value;
}

/**
 * Every lease in order, 4 a page, following endCursor (or startCursor backwards, then reversed); with
 * `count`, each page also counts (the page then comes from the counted matches when they are few).
 */
async function walk(filter: LeaseFilter, sort: LeaseSort, backwards: boolean, owner: number | null = partnerId, count: SearchLeasesInput['count'] = 'NONE') {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const p = await page(filter, sort, { count, ...(backwards ? { last: 4, before: cursor } : { first: 4, after: cursor }) }, owner);
    if (backwards) ids.unshift(...p.leases.map((l) => l.lease.id));
    else ids.push(...p.leases.map((l) => l.lease.id));
    if (!(backwards ? p.hasPreviousPage : p.hasNextPage)) return ids;
    cursor = (backwards ? p.leases[0] : p.leases.at(-1))!.cursor;
  }
  throw new Error('more than 50 pages');
}

describe('searchLeases', () => {
  describe.each(FILTERS)('with the filter %s', (_name, filterOf) => {
    it.each(LEASE_SORTS)('sorted %s, returns the plain reading\'s leases in one order forwards and backwards, and counts them', async (sort) => {
      const filter = filterOf();
      const want = expected(partnerId, filter);
      const whole = (await page(filter, sort, { first: 100 })).leases.map((l) => l.lease.id);
      expect([...whole].sort((a, b) => a - b)).toEqual(want);
      expect(await walk(filter, sort, false)).toEqual(whole);
      expect(await walk(filter, sort, true, partnerId, 'CAPPED')).toEqual(whole);

      const capped = await page(filter, sort, { first: 2, count: 'CAPPED' });
      expect(capped.leases.map((l) => l.lease.id)).toEqual(whole.slice(0, 2));
      expect(capped).toMatchObject(want.length <= CAP ? { totalCount: want.length, totalCountIsExact: true } : { totalCount: CAP, totalCountIsExact: false });
      const exact = await page(filter, sort, { first: 2, count: 'EXACT' });
      expect(exact).toMatchObject({ totalCount: want.length, totalCountIsExact: true });
      expect(exact.leases.map((l) => l.lease.id)).toEqual(whole.slice(0, 2));
    });
  });

  it('finds something for most filters, so the test above compares non-empty sets', () => {
    const nonEmpty = FILTERS.filter(([, f]) => expected(partnerId, f()).length > 0);
    expect(nonEmpty.length).toBeGreaterThanOrEqual(FILTERS.length - 3);
    expect(expected(partnerId, { search: '%' })).toHaveLength(leases.filter((l) => l.partnerId === partnerId && (l.customerEmailNorm.includes('%') || l.serverNorm?.includes('%'))).length);
  });

  it('compares both ways of finding a partial term of GRAM characters or more: narrow ones by their gram index, broad ones by the ordered scan', () => {
    const long = FILTERS.map(([, f]) => f()).filter((f) => [f.search, f.customerEmail, f.serverName].some((text) => (text?.trim().length ?? 0) >= GRAM));
    const hits = long.map((f) => expected(partnerId, f).length);
    // All the partner's leases fit in the probe's sample, so its hits are the matches.
    expect(leases.filter((l) => l.partnerId === partnerId).length).toBeLessThanOrEqual(PROBE_SAMPLE);
    expect(hits.filter((n) => n > 0 && n < PROBE_HITS).length).toBeGreaterThanOrEqual(3);
    expect(hits.filter((n) => n >= PROBE_HITS).length).toBeGreaterThanOrEqual(2);
  });

  it.each(LEASE_SORTS)('sorted %s, orders by the key and then the id', async (sort) => {
    const ids = (await page({}, sort, { first: 100 })).leases.map((l) => l.lease.id);
    const at = (id: number) => leases.find((l) => l.id === id)!;
    for (let i = 1; i < ids.length; i++) {
      const [a, b] = [at(ids[i - 1]!), at(ids[i]!)];
      if (sort === 'NEWEST') expect(a.id).toBeGreaterThan(b.id);
      if (sort === 'OLDEST') expect(a.id).toBeLessThan(b.id);
      if (sort === 'STARTED_AT_DESC') expect(a.startedAt > b.startedAt || (+a.startedAt === +b.startedAt && a.id > b.id)).toBe(true);
      if (sort === 'STARTED_AT_ASC') expect(a.startedAt < b.startedAt || (+a.startedAt === +b.startedAt && a.id < b.id)).toBe(true);
      if (sort === 'CUSTOMER_EMAIL') expect(a.customerEmailNorm !== b.customerEmailNorm || a.id < b.id).toBe(true);
    }
  });

  it.each(['NONE', 'CAPPED', 'EXACT'] as const)('with count %s, returns every lease of the page and its customer whole, as Prisma reads them', async (count) => {
    for (const filter of [{}, { search: 'alpha' }]) {
      const got = (await page(filter, 'STARTED_AT_DESC', { first: 5, count })).leases;
      expect(got.length).toBeGreaterThan(0);
      const read = await t.db.lease.findMany({ where: { id: { in: got.map((l) => l.lease.id) } }, include: { customer: true } });
      expect(got.map(({ lease, customer }) => ({ ...lease, customer }))).toStrictEqual(got.map((l) => read.find((r) => r.id === l.lease.id)));
    }
  });

  describe('for vendor staff (every partner)', () => {
    it.each(['alpha', 'per%cent'])('returns both partners\' matches of "%s"', async (search) => {
      const filter = { search };
      const ids = await walk(filter, 'CUSTOMER_EMAIL', false, null);
      expect([...ids].sort((a, b) => a - b)).toEqual(expected(null, filter));
      expect(new Set(ids.map((id) => leases.find((l) => l.id === id)!.partnerId)).size).toBe(2);
    });
  });

  describe('when the cursor is of another sort order or not a cursor', () => {
    it('refuses with BAD_CURSOR', async () => {
      const cursor = (await page({}, 'NEWEST', { first: 1 })).leases[0]!.cursor;
      for (const [sort, after] of [['STARTED_AT_ASC', cursor], ['NEWEST', 'garbage'], ['NEWEST', Buffer.from('["NEWEST",null,"1"]').toString('base64url')]] as const) {
        const result = await searchLeases(t.db, partnerId, { filter: {}, sort, first: 5, after, count: 'NONE', countCap: CAP });
        expect(result).toMatchObject({ ok: false, errors: [{ code: 'BAD_CURSOR', field: ['after'] }] });
      }
    });
  });

  describe('when more than 100 leases a page are asked for', () => {
    it('serves 100, and refuses a negative size with BAD_PAGE_SIZE', async () => {
      const all = await page({}, 'NEWEST', { first: 1000 }, null);
      expect(all.leases.length).toBe(Math.min(leases.length, 100));
      const result = await searchLeases(t.db, partnerId, { filter: {}, sort: 'NEWEST', first: -1, count: 'NONE', countCap: CAP });
      expect(result).toMatchObject({ ok: false, errors: [{ code: 'BAD_PAGE_SIZE' }] });
    });
  });
});
