import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COST_LIMIT } from '@leaseboard/schema/cost';
import { MAX_ALIASES } from '../src/http/cost-limit.ts';
import { createPartner, gid, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let owner: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const partner = await createPartner(t.db);
  owner = (await signedInUser(t.db, t.clock, partner.id, 'OWNER')).headers;
});
afterAll(() => t.close());

const invoicesWithLines = 'invoices(first: 100) { edges { node { number lines(first: 100) { edges { node { sku amountCents } } } leases(first: 100) { edges { node { lease { customer { email } } lines { sku } } } } } } }';

describe('the cost limit', () => {
  describe('when a request is within the limit', () => {
    it('answers with its cost and the maximum in extensions.cost', async () => {
      const response = await t.app.fetch(
        new Request('http://test.local/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...owner },
          body: JSON.stringify({ query: '{ invoices(first: 10) { edges { node { number } } } }' }),
        }),
      );
      const body = (await response.json()) as { errors?: unknown; extensions: { cost: { requestedQueryCost: number; maximumAvailable: number } } };
      expect(body.errors).toBeUndefined();
      // The connection (2) and ten invoices (1 each); scalars are free.
      expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 12, maximumAvailable: COST_LIMIT.complexity });
    });
  });

  describe('when one document is sent again with other values of the variables its cost depends on', () => {
    const costOf = async (query: string, variables: Record<string, unknown>) => {
      const response = await t.app.fetch(
        new Request('http://test.local/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...owner }, body: JSON.stringify({ query, variables }) }),
      );
      const body = (await response.json()) as { errors?: unknown; extensions: { cost: { requestedQueryCost: number } } };
      expect(body.errors).toBeUndefined();
      return body.extensions.cost.requestedQueryCost;
    };
    const PAGE = 'query($first: Int = 5, $filter: LeaseFilter) { invoices(first: $first) { edges { node { number partner { company } } } } leases(filter: $filter) { edges { node { id } } } }';

    it('charges each set of those values its own cost, and the same cost whatever the other variables', async () => {
      // Invoices: 2 + first × (1 + the partner's 1); leases: 2 + 25 (the default page) × 1.
      expect(await costOf(PAGE, { first: 10 })).toBe(2 + 10 * 2 + 27);
      expect(await costOf(PAGE, { first: 20 })).toBe(2 + 20 * 2 + 27);
      expect(await costOf(PAGE, { first: 10, filter: { search: 'other' } })).toBe(2 + 10 * 2 + 27);
      // Left out, $first is its default (5); sent as null, the connection's own default (25).
      expect(await costOf(PAGE, {})).toBe(2 + 5 * 2 + 27);
      expect(await costOf(PAGE, { first: null })).toBe(2 + 25 * 2 + 27);
    });
  });

  describe('when a hundred lines and leases are asked of a hundred invoices', () => {
    it('refuses before any SQL runs, with one error that names the cost and the limit', async () => {
      t.statements.length = 0;
      const result = await t.gql(`{ a: ${invoicesWithLines} b: ${invoicesWithLines} }`, {}, owner);
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', maxCost: COST_LIMIT.complexity });
      expect(result.errors![0]!.extensions!['cost']).toBeGreaterThan(COST_LIMIT.complexity);
      expect(result.errors![0]!.message).toMatch(/costs \d+ points; the limit is 5000/);
      expect(t.statements.filter((sql) => !sql.includes('"Session"') && !sql.includes('"User"'))).toEqual([]);
    });
  });

  describe('when the billing preview is asked several times in one request', () => {
    it('refuses: each one prices every active lease', async () => {
      const query = `{ ${Array.from({ length: 6 }, (_, i) => `p${i}: billingPreview { monthToDateCents }`).join(' ')} }`;
      const result = await t.gql(query, {}, owner);
      expect(result.errors?.map((e) => e.extensions?.['code'])).toEqual(['QUERY_TOO_EXPENSIVE']);
    });
  });

  describe('when a request uses too many aliases', () => {
    it('refuses with one error', async () => {
      const query = `{ ${Array.from({ length: MAX_ALIASES + 1 }, (_, i) => `m${i}: me { kind }`).join(' ')} }`;
      const result = await t.gql(query, {}, owner);
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.message).toBe(`This request uses ${MAX_ALIASES + 1} aliases; the limit is ${MAX_ALIASES}.`);
    });
  });

  describe('when nodes is given more than 100 IDs', () => {
    it('refuses without looking any of them up', async () => {
      t.statements.length = 0;
      const ids = Array.from({ length: 101 }, (_, i) => gid('Lease', String(i + 1)));
      const result = await t.gql('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids }, owner);
      expect(result.errors?.[0]?.message).toBe('nodes takes at most 100 IDs; got 101.');
      expect(t.statements.filter((sql) => sql.includes('"Lease"'))).toEqual([]);
    });
  });

  describe('when a document is nested thousands of levels deep', () => {
    it('answers 400, refused before parsing', async () => {
      const query = `{ ${'me { partner { '.repeat(2_500)}id${' }'.repeat(5_000)} }`;
      const response = await t.app.fetch(
        new Request('http://test.local/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query }) }),
      );
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe("Syntax Error: Document is nested more than 100 levels deep.");
    });
  });
});
