import { fileURLToPath } from 'node:url';
import { createDb } from '@leaseboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createTestApp, type TestApp } from './harness.ts';

const migrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function appWith(db = t.db) {
  return createApp({ db, clock: t.clock, logger: { debug() {}, info() {}, warn() {}, error() {} }, config: {} as never, jobs: null }, { migrationsDir });
}

describe('/healthz', () => {
  it('answers 200 while the process is up', async () => {
    const response = await appWith().fetch(new Request('http://x/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('/readyz', () => {
  describe('when the database is migrated', () => {
    it('answers ready', async () => {
      const response = await appWith().fetch(new Request('http://x/readyz'));
      expect(await response.json()).toEqual({ status: 'ready' });
      expect(response.status).toBe(200);
    });
  });

  describe('when the database cannot be reached', () => {
    it('answers 503', async () => {
      const unreachable = createDb('postgres://nobody@127.0.0.1:1/none');
      const response = await appWith(unreachable).fetch(new Request('http://x/readyz'));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'database unreachable' });
    });
  });

  describe('when a migration is missing from the database', () => {
    it('answers 503 and names it', async () => {
      await t.db.$executeRaw`DELETE FROM _prisma_migrations`;
      const response = await appWith().fetch(new Request('http://x/readyz'));
      expect(response.status).toBe(503);
      expect(((await response.json()) as { pending: string[] }).pending.length).toBeGreaterThan(0);
    });
  });
});
