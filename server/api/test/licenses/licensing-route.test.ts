import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { silentLogger } from '@leaseboard/domain/logger';
import { RedisRateLimitStore } from '@leaseboard/domain/rate-limit/rate-limit-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { createPartner, startedLease } from '../factories.ts';
import { createTestApp, type TestApp } from '../harness.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: '2025-05-01T00:00:00Z' });
});
afterAll(() => t.close());

function post(path: string, body: unknown, headers: Record<string, string> = {}, app: App = t.app) {
  return app.fetch(
    new Request(`http://test.local${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

describe('POST /licensing/*', () => {
  describe('when a server activates, validates and deactivates its key', () => {
    it('answers 200 with the code each time, and the GraphQL lease shows the effect', async () => {
      const partner = await createPartner(t.db);
      const lease = await startedLease(t.db, t.clock, partner.id, 'ST-ENT-10');

      const activated = await post('/licensing/activate', { key: lease.displayKey, serverName: 'helpdesk' }, { 'x-leaseboard-client-ip': '192.0.2.9' });
      expect(activated.status).toBe(200);
      expect(activated.headers.get('cache-control')).toBe('no-store');
      expect(await activated.json()).toMatchObject({
        code: 'VALID',
        valid: true,
        license: { productSku: 'ST-ENT-10', edition: 'ENTERPRISE', tierSize: 10, addOnCodes: [] },
        activation: { serverName: 'helpdesk', firstSeenAt: '2025-05-01T00:00:00.000Z', overlapEndsAt: null },
      });
      expect(await t.db.activation.findFirst({ where: { leaseId: lease.id } })).toMatchObject({ ip: '192.0.2.9' });

      t.clock.advance(60_000);
      const validated = await post('/licensing/validate', { key: lease.displayKey, serverName: 'helpdesk' });
      expect(await validated.json()).toMatchObject({ code: 'VALID', activation: { lastSeenAt: '2025-05-01T00:01:00.000Z' } });

      const deactivated = await post('/licensing/deactivate/', { key: lease.displayKey, serverName: 'helpdesk' });
      expect(await deactivated.json()).toMatchObject({ code: 'VALID', activation: { deactivatedAt: '2025-05-01T00:01:00.000Z' } });
      expect((await t.db.lease.findUniqueOrThrow({ where: { id: lease.id } })).serverName).toBeNull();
    });
  });

  describe('when the key is not valid', () => {
    it('answers 200 with the code, as GraphQL does', async () => {
      const response = await post('/licensing/validate', { key: 'SM-NOT-A-KEY', serverName: 'x' });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ code: 'MALFORMED_KEY', valid: false });
    });
  });

  describe('when the key is presented too often', () => {
    it('answers 429 with Retry-After', async () => {
      const lease = await startedLease(t.db, t.clock, (await createPartner(t.db)).id);
      for (let i = 0; i < 30; i += 1) await post('/licensing/activate', { key: lease.displayKey, serverName: 'loop' });
      const limited = await post('/licensing/activate', { key: lease.displayKey, serverName: 'loop' });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 2 });
    });

    it('shares the budget with the GraphQL mutations', async () => {
      const lease = await startedLease(t.db, t.clock, (await createPartner(t.db)).id);
      for (let i = 0; i < 30; i += 1) await post('/licensing/validate', { key: lease.displayKey, serverName: 'loop' });
      const response = await t.gql<{ validateLicense: { code: string } }>(
        `mutation($input: LicenseRequestInput!) { validateLicense(input: $input) { code } }`,
        { input: { key: lease.displayKey, serverName: 'loop' } },
      );
      expect(response.data.validateLicense.code).toBe('RATE_LIMITED');
    });

    it('counts one budget per key across two app instances sharing Redis', async () => {
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
      try {
        const prefix = `leaseboard:test:${randomUUID()}:`;
        const make = () => createApp({ db: t.db, clock: t.clock, logger: silentLogger, config: t.config, jobs: null, rateLimitStore: new RedisRateLimitStore(redis, prefix) });
        const [a, b] = [make(), make()];
        const lease = await startedLease(t.db, t.clock, (await createPartner(t.db)).id);
        const statuses = [];
        for (let i = 0; i < 30; i += 1) statuses.push((await post('/licensing/validate', { key: lease.displayKey, serverName: 'loop' }, {}, i % 2 ? b : a)).status);
        expect(statuses).toEqual(Array(30).fill(200));
        const limited = await post('/licensing/validate', { key: lease.displayKey, serverName: 'loop' }, {}, a);
        expect(limited.status).toBe(429);
        expect(await limited.json()).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 2 });
        expect((await post('/licensing/validate', { key: lease.displayKey, serverName: 'loop' }, {}, t.app)).status).toBe(200);
      } finally {
        await redis.quit();
      }
    });
  });

  describe('when the request is not a licensing request', () => {
    it('answers 400 for a body that is not the expected JSON, 405 for GET, and leaves other paths alone', async () => {
      expect((await post('/licensing/activate', '{not json')).status).toBe(400);
      const missing = await post('/licensing/activate', { key: 'SM-2222' });
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as { error: string }).error).toMatch(/serverName/);
      const get = await t.app.fetch(new Request('http://test.local/licensing/validate'));
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      expect((await post('/licensing/unknown', {})).status).toBe(404);
    });
  });
});
