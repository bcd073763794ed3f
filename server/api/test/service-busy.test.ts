import { createDb, type Db } from '@leaseboard/db';
import { silentLogger } from '@leaseboard/domain/logger';
import { buildSchema, graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitRootConcurrency, MAX_CONCURRENT_ROOT_FIELDS } from '@leaseboard/schema/root-concurrency';
import { createApp, type App } from '../src/app.ts';
import { isServiceBusy } from '../src/http/service-busy.ts';
import { createPartner, signedInUser, startedLease } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let busyDb: Db;
let app: App;
let owner: Record<string, string>;
let lease: Awaited<ReturnType<typeof startedLease>>;

beforeAll(async () => {
  t = await createTestApp();
  const partner = await createPartner(t.db);
  owner = (await signedInUser(t.db, t.clock, partner.id, 'OWNER')).headers;
  lease = await startedLease(t.db, t.clock, partner.id);
  // One connection, and a query waits at most 300 ms for it.
  busyDb = createDb(t.database.url, { max: 1, connectionTimeoutMs: 300 });
  app = createApp({ db: busyDb, clock: t.clock, logger: silentLogger, config: t.config, jobs: null });
});
afterAll(async () => {
  await busyDb.$disconnect();
  await t.close();
});

/** Runs `during` while another piece of work holds the pool's only connection. */
async function whileThePoolIsTaken<T>(during: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const released = new Promise<void>((done) => (release = done));
  let taken!: () => void;
  const isTaken = new Promise<void>((done) => (taken = done));
  const holder = busyDb.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SELECT 1');
    taken();
    await released;
  }, { timeout: 20_000 });
  await isTaken;
  try {
    return await during();
  } finally {
    release();
    await holder;
  }
}

describe('when no database connection is free in time', () => {
  it('answers GraphQL with SERVICE_BUSY, HTTP 503 and Retry-After, not "Unexpected error."', async () => {
    const response = await whileThePoolIsTaken(() =>
      app.fetch(new Request('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...owner }, body: JSON.stringify({ query: '{ partner { company } }' }) })),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['SERVICE_BUSY']);
  });

  it('answers a route (licensing) with 503 and Retry-After', async () => {
    const response = await whileThePoolIsTaken(() =>
      app.fetch(new Request('http://x/licensing/validate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: lease.displayKey, serverName: 'mail1' }) })),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toMatchObject({ code: 'SERVICE_BUSY' });
  });

  it('keeps /healthz answering', async () => {
    const response = await whileThePoolIsTaken(() => app.fetch(new Request('http://x/healthz')));
    expect(response.status).toBe(200);
  });

  it('serves requests again once a connection is free', async () => {
    const result = await app.fetch(new Request('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...owner }, body: JSON.stringify({ query: '{ partner { company } }' }) }));
    expect(result.status).toBe(200);
  });
});

describe('when a statement runs past statement_timeout', () => {
  it('fails as "busy", which the API answers with SERVICE_BUSY', async () => {
    const limited = createDb(t.database.url, { max: 1, statementTimeoutMs: 100 });
    try {
      const error = await limited.$queryRawUnsafe('SELECT pg_sleep(2)::text').then(() => null, (e: unknown) => e);
      if (process.env['TEST_DATABASE_URL']) expect(isServiceBusy(error)).toBe(true);
      // The embedded PGlite runs in this process and cannot interrupt a statement: no timeout there.
      else expect(error === null || isServiceBusy(error)).toBe(true);
    } finally {
      await limited.$disconnect();
    }
  });
});

describe('limitRootConcurrency', () => {
  it(`runs at most ${MAX_CONCURRENT_ROOT_FIELDS} root fields of one request at a time, and every one of them`, async () => {
    let running = 0;
    let most = 0;
    const root = {
      slow: async () => {
        most = Math.max(most, ++running);
        await new Promise((done) => setTimeout(done, 20));
        running--;
        return 1;
      },
    };
    const result = await graphql({ schema: limitRootConcurrency(buildSchema('type Query { slow: Int }')), source: `{ ${Array.from({ length: 10 }, (_, i) => `s${i}: slow`).join(' ')} }`, rootValue: root, contextValue: {} });
    expect(Object.keys(result.data ?? {})).toHaveLength(10);
    expect(most).toBe(MAX_CONCURRENT_ROOT_FIELDS);
  });
});
