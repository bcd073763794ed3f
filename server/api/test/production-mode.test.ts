import { silentLogger } from '@leaseboard/domain/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { createPartner, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let production: App;
let owner: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  production = createApp({ db: t.db, clock: t.clock, logger: silentLogger, config: { ...t.config, production: true }, jobs: null });
  owner = (await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'OWNER')).headers;
});
afterAll(() => t.close());

async function post(app: App, body: string, headers: Record<string, string> = {}) {
  const response = await app.fetch(new Request('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers }, body }));
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

const introspection = JSON.stringify({ query: '{ __schema { queryType { name } } }' });
const typo = JSON.stringify({ query: '{ catalg { name } }' });

describe('in production', () => {
  describe('for an anonymous caller', () => {
    it('refuses introspection', async () => {
      const { body } = await post(production, introspection);
      expect(body.errors?.map((e) => e.extensions?.['code'])).toEqual(['UNAUTHENTICATED']);
      expect(body.data ?? null).toBeNull();
    });

    it('gives no "Did you mean" suggestions', async () => {
      const { body } = await post(production, typo);
      expect(body.errors?.[0]?.message).toBe('Cannot query field "catalg" on type "Query".');
    });

    it('serves no GraphiQL', async () => {
      const response = await production.fetch(new Request('http://x/graphql', { headers: { accept: 'text/html' } }));
      expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    });
  });

  describe('for a signed-in user', () => {
    it('answers introspection', async () => {
      const { body } = await post(production, introspection, owner);
      expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } }, extensions: expect.anything() });
    });

    it('keeps the suggestions', async () => {
      const { body } = await post(production, typo, owner);
      expect(body.errors?.[0]?.message).toMatch(/Did you mean "catalog"\?/);
    });

    it('serves GraphiQL', async () => {
      const response = await production.fetch(new Request('http://x/graphql', { headers: { accept: 'text/html', ...owner } }));
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
    });
  });

  it('answers an invalid JSON body without internal detail', async () => {
    const { status, body } = await post(production, '{"query": ');
    expect(status).toBe(400);
    expect(JSON.stringify(body)).not.toMatch(/originalError|stack|SyntaxError/);
  });
});
