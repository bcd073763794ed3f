import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { silentLogger } from '@leaseboard/domain/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import type { RateLimits } from '../src/http/rate-limit.ts';
import { MemoryRateLimitStore, RedisRateLimitStore } from '@leaseboard/domain/rate-limit/rate-limit-store';
import { apiKeyFor, createPartner } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const limits: RateLimits = { requests: { capacity: 5, refillPerSecond: 1 }, cost: { capacity: 100, refillPerSecond: 10 } };

let t: TestApp;
let redis: Redis;
let key: Record<string, string>;
let other: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const partnerId = (await createPartner(t.db)).id;
  key = (await apiKeyFor(t.db, partnerId, ['leases:read'])).headers;
  other = (await apiKeyFor(t.db, partnerId, ['leases:read'])).headers;
});
afterAll(async () => {
  await redis.quit();
  await t.close();
});

/** Two app instances, as two processes would be, sharing the Redis store under a prefix of this test's own. */
function twoAppsOnRedis(): [App, App] {
  const prefix = `leaseboard:test:${randomUUID()}:`;
  const make = () => createApp({ db: t.db, clock: t.clock, logger: silentLogger, config: t.config, jobs: null, rateLimitStore: new RedisRateLimitStore(redis, prefix) }, { rateLimits: limits });
  return [make(), make()];
}

async function ask(app: App, headers: Record<string, string>, query = '{ leases(first: 1) { totalCount } }') {
  const response = await app.fetch(new Request('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) }));
  const body = (await response.json()) as { errors?: { message: string; extensions: { code: string } }[]; extensions?: { cost?: { throttleStatus?: { currentlyAvailable: number } } } };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), codes: body.errors?.map((e) => e.extensions.code) ?? [], body };
}

describe('rate limits', () => {
  describe('across two app instances sharing Redis', () => {
    it('count one budget per API key: the 6th request, on either app, is RATE_LIMITED with 429 and Retry-After', async () => {
      const [a, b] = twoAppsOnRedis();
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await ask(i % 2 ? b : a, key)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const sixth = await ask(b, key);
      expect(sixth).toMatchObject({ status: 429, retryAfter: '1', codes: ['RATE_LIMITED'] });
      expect((await ask(a, key)).status).toBe(429);
    });

    it('keep the budget of another key apart', async () => {
      const [a, b] = twoAppsOnRedis();
      for (let i = 0; i < 6; i++) await ask(i % 2 ? b : a, key);
      expect((await ask(a, other)).status).toBe(200);
    });

    it('give the budget back as time passes', async () => {
      const [a, b] = twoAppsOnRedis();
      for (let i = 0; i < 6; i++) await ask(a, key);
      expect((await ask(b, key)).status).toBe(429);
      t.clock.advance(2_000);
      expect((await ask(b, key)).status).toBe(200);
    });
  });

  describe('the cost budget', () => {
    it('refuses a request that costs more than the points left, and reports what is left', async () => {
      const app = createApp({ db: t.db, clock: t.clock, logger: silentLogger, config: t.config, jobs: null, rateLimitStore: new MemoryRateLimitStore() }, { rateLimits: { ...limits, requests: { capacity: 100, refillPerSecond: 1 } } });
      // 2 + 25 leases: 27 points of the 100.
      const first = await ask(app, key, '{ leases { edges { node { id } } } }');
      expect(first.status).toBe(200);
      expect(first.body.extensions?.cost?.throttleStatus?.currentlyAvailable).toBe(73);
      await ask(app, key, '{ leases { edges { node { id } } } }');
      await ask(app, key, '{ leases { edges { node { id } } } }');
      const fourth = await ask(app, key, '{ leases { edges { node { id } } } }');
      expect(fourth.status).toBe(429);
      expect(fourth.body.errors?.[0]?.message).toMatch(/^This request costs 27 points and 19 are left; the budget is 600 points a minute\. Retry in 1 s\.$/);
    });
  });
});
