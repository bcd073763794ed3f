import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_GRAPHQL_BODY_BYTES } from '../src/http/body-limit.ts';
import { createPartner, gid, signedInUser, startedLease } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let owner: Record<string, string>;
let lease: Awaited<ReturnType<typeof startedLease>>;

beforeAll(async () => {
  t = await createTestApp();
  const partner = await createPartner(t.db);
  owner = (await signedInUser(t.db, t.clock, partner.id, 'OWNER')).headers;
  lease = await startedLease(t.db, t.clock, partner.id);
});
afterAll(() => t.close());

const customersByName = 'query ($name: String) { customers(filter: { name: $name }) { totalCount } }';

/** The errors' codes and messages of a request, and the SQL it sent apart from authentication. */
async function refusal(query: string, variables: Record<string, unknown>) {
  t.statements.length = 0;
  const result = await t.gql(query, variables, owner);
  const sql = t.statements.filter((s) => !s.includes('"Session"') && !s.includes('"User"'));
  return { status: result.status, errors: result.errors?.map((e) => `${e.extensions?.['code']}: ${e.message}`), sql };
}

describe('text arguments', () => {
  describe('when a filter holds a NUL character', () => {
    it('refuses naming the argument, before any SQL', async () => {
      expect(await refusal(customersByName, { name: 'ab\u0000c' })).toMatchObject({
        errors: ['BAD_USER_INPUT: customers.filter.name must not contain a NUL character.'],
        sql: [],
      });
    });
  });

  describe('when a filter holds a lone UTF-16 surrogate', () => {
    it('refuses naming the argument', async () => {
      expect((await refusal(customersByName, { name: 'ab\uD800' })).errors).toEqual([
        'BAD_USER_INPUT: customers.filter.name must be valid Unicode text (it contains a lone surrogate).',
      ]);
    });
  });

  describe('when a filter is longer than its field allows', () => {
    it('refuses with the limit and the length', async () => {
      expect((await refusal(customersByName, { name: 'x'.repeat(201) })).errors).toEqual([
        'BAD_USER_INPUT: customers.filter.name must be at most 200 characters (got 201).',
      ]);
      expect((await refusal(customersByName, { name: 'x'.repeat(200) })).errors).toBeUndefined();
    });
  });

  describe('when a mutation input is longer than its own field allows', () => {
    const addContact = 'mutation ($input: AddContactInput!) { addContact(input: $input) { userErrors { code } } }';
    it.each([
      ['email', { name: 'Ann', email: `${'a'.repeat(243)}@example.test` }, 'addContact.input.email must be at most 254 characters (got 256).'],
      ['name', { name: 'n'.repeat(201), email: 'ann@example.test' }, 'addContact.input.name must be at most 200 characters (got 201).'],
      ['phone', { name: 'Ann', email: 'ann@example.test', phone: '1'.repeat(51) }, 'addContact.input.phone must be at most 50 characters (got 51).'],
    ])('refuses a long %s naming the field, and writes nothing', async (_field, input, message) => {
      const before = await t.db.contact.count();
      expect((await refusal(addContact, { input })).errors).toEqual([`BAD_USER_INPUT: ${message}`]);
      expect(await t.db.contact.count()).toBe(before);
    });
  });

  describe('when a mutation input holds a lone surrogate', () => {
    it('refuses naming the field and writes nothing', async () => {
      const before = await t.db.contact.count();
      const result = await refusal('mutation ($input: AddContactInput!) { addContact(input: $input) { userErrors { code } } }', {
        input: { name: 'Ann \uDC00', email: 'ann@example.test' },
      });
      expect(result.errors).toEqual(['BAD_USER_INPUT: addContact.input.name must be valid Unicode text (it contains a lone surrogate).']);
      expect(await t.db.contact.count()).toBe(before);
    });
  });

  describe('when a license-key filter is not a whole key', () => {
    it.each(['abc', 'SM-'])('finds nothing for %j', async (key) => {
      const result = await t.gql('query ($key: String) { leases(filter: { licenseKey: $key }) { totalCount } }', { key }, owner);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ leases: { totalCount: 0 } });
    });
  });
});

describe('global IDs', () => {
  it.each([
    ['Lease:abc', gid('Lease', 'abc')],
    ['Lease:2147483648', gid('Lease', '2147483648')],
    ['Lease:1.5', gid('Lease', '1.5')],
    ['not base64', '%%%'],
  ])('refuses %s before any SQL', async (_label, id) => {
    expect(await refusal('query ($id: ID!) { node(id: $id) { id } }', { id })).toMatchObject({ errors: ['BAD_USER_INPUT: node.id is not a valid ID.'], sql: [] });
  });

  it('accepts a real one', async () => {
    const result = await t.gql('query ($id: ID!) { node(id: $id) { id } }', { id: gid('Lease', String(lease.id)) }, owner);
    expect(result.errors).toBeUndefined();
  });
});

describe('dates', () => {
  it('refuses the year 0000 in a DateTime argument', async () => {
    const result = await t.gql('{ reports { invoiceTotals(from: "0000-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z") { totalCents } } }', {}, owner);
    expect(result.errors?.[0]?.message).toMatch(/DateTime must be an ISO 8601 instant with a time zone between the years 1900 and 9999/);
  });

  it('answers 400 for the year 0000 in the customer export', async () => {
    const analyst = (await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'ANALYST')).headers;
    const response = await t.app.fetch(new Request('http://x/exports/customers.csv?from=0000-01-01T00:00:00Z', { headers: analyst }));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/between the years 1900 and 9999/);
  });
});

describe('the request', () => {
  it(`answers 413 when the body is larger than ${MAX_GRAPHQL_BODY_BYTES} bytes`, async () => {
    const body = JSON.stringify({ query: customersByName, variables: { name: 'x'.repeat(1024 * 1024) } });
    const response = await t.app.fetch(new Request('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...owner }, body }));
    expect(response.status).toBe(413);
  });

  it.each(['variables', 'extensions'])('answers 400 when GET %s is not JSON', async (name) => {
    const response = await t.app.fetch(new Request(`http://x/graphql?query=${encodeURIComponent('{ me { kind } }')}&${name}=%7Bnope`, { headers: { accept: 'application/json' } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: `The ${name} parameter must be JSON.`, extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe('licensing', () => {
  const post = (body: unknown) =>
    t.app.fetch(new Request('http://x/licensing/activate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));

  it('answers 400 for a NUL in serverName', async () => {
    const response = await post({ key: lease.displayKey, serverName: 'mail\u0000one' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'Invalid request: serverName must be printable text' });
  });

  it('answers 400 for an ip that is not an address, and stores nothing', async () => {
    const response = await post({ key: lease.displayKey, serverName: 'mail1', ip: '<script>' });
    expect(response.status).toBe(400);
    expect(await t.db.activation.count({ where: { leaseId: lease.id } })).toBe(0);
  });

  it('accepts an IPv6 address', async () => {
    const response = await post({ key: lease.displayKey, serverName: 'mail1', ip: '2001:db8::1' });
    expect(response.status).toBe(200);
  });
});
