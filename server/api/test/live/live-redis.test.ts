import { openLiveBus } from '@leaseboard/domain/live/open-live-bus';
import type { LiveBus } from '@leaseboard/domain/live/live-bus';
import { silentLogger } from '@leaseboard/domain/logger';
import { connectRedis, type RedisConnection } from '@leaseboard/domain/redis/connect-redis';
import { apiKeyFor, catalogOf, createPartner, product } from '../factories.ts';
import { createTestServices, type TestServices } from '@leaseboard/domain/test/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { START } from '../lease-gql.ts';
import { openLiveStream } from './live-stream.ts';

const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

let services: TestServices;
let publisher: RedisConnection;
const opened: LiveBus[] = [];

beforeAll(async () => {
  services = await createTestServices();
  publisher = await connectRedis(redisUrl, silentLogger);
});
afterAll(async () => {
  for (const bus of opened) await bus.close();
  publisher.disconnect();
  await services.close();
});

/** One API process as boot() builds it with REDIS_URL: its own Redis subscriber, and a candidate relay. */
async function apiProcess(): Promise<{ app: App; live: LiveBus }> {
  const live = await openLiveBus({ databaseUrl: services.database.url, listen: services.database.listen, redis: { url: redisUrl, publisher }, logger: silentLogger, relayRetryMs: 200 });
  opened.push(live);
  return { app: createApp({ db: services.db, clock: services.clock, logger: silentLogger, config: services.config, jobs: null, live }), live };
}

async function startLeaseThrough(app: App, headers: Record<string, string>, email: string): Promise<number> {
  const productId = product(await catalogOf(services.db), 'SM-PRO-250').gid;
  const response = await app.fetch(
    new Request('http://test.local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: START, variables: { input: { productId, customer: { email } } } }),
    }),
  );
  const body = (await response.json()) as { data: { startLease: { lease: { leaseNumber: number } | null; userErrors: unknown[] } } };
  if (!body.data) throw new Error(JSON.stringify(body));
  expect(body.data.startLease.userErrors).toEqual([]);
  return body.data.startLease.lease!.leaseNumber;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('liveUpdates with REDIS_URL', () => {
  describe('when a lease is started for each of two partners', () => {
    it("tells a partner's subscription of its own lease only", async () => {
      const { app } = await apiProcess();
      const [a, b] = [await createPartner(services.db), await createPartner(services.db)];
      const [keyA, keyB] = [await apiKeyFor(services.db, a.id, ['leases:read', 'leases:write']), await apiKeyFor(services.db, b.id, ['leases:read', 'leases:write'])];
      const stream = await openLiveStream(app, keyA.headers);
      await settle();

      const leaseB = await startLeaseThrough(app, keyB.headers, 'b@cart.test');
      const leaseA = await startLeaseThrough(app, keyA.headers, 'a@cart.test');
      const updates = await stream.until((u) => u.type === 'lease.started');
      stream.close();
      // B's lease committed first: had it leaked, it would be here before A's.
      expect(updates.map((u) => [u.type, u.lease?.leaseNumber ?? null])).toEqual([['lease.started', leaseA]]);
      expect(leaseB).not.toBe(leaseA);
    });
  });

  // Two processes share a database only on a PostgreSQL server: an embedded database belongs to one process.
  describe.skipIf(!process.env['TEST_DATABASE_URL'])('when the change is made through another API process', () => {
    it("reaches a subscription on this one, once, through Redis, and no other partner's change does", async () => {
      const [here, there] = [await apiProcess(), await apiProcess()];
      const [a, b] = [await createPartner(services.db), await createPartner(services.db)];
      const key = await apiKeyFor(services.db, a.id, ['leases:read', 'leases:write']);
      const keyB = await apiKeyFor(services.db, b.id, ['leases:read', 'leases:write']);
      const stream = await openLiveStream(here.app, key.headers);
      await settle();

      await startLeaseThrough(there.app, keyB.headers, 'other@cart.test');
      const first = await startLeaseThrough(there.app, key.headers, 'first@cart.test');
      const second = await startLeaseThrough(there.app, key.headers, 'second@cart.test');
      const updates = await stream.until((u) => u.lease?.leaseNumber === second && u.type === 'lease.started');
      stream.close();
      expect(updates.filter((u) => u.type === 'lease.started').map((u) => u.lease!.leaseNumber)).toEqual([first, second]);
    });

    it('keeps flowing when the relaying process stops: another one takes over', async () => {
      // Some bus opened before the listener holds the relay lock (the first of this file), so the listener
      // relays only if it takes over.
      const candidates = [await apiProcess(), await apiProcess()];
      const listener = candidates[1]!;
      const a = await createPartner(services.db);
      const key = await apiKeyFor(services.db, a.id, ['leases:read', 'leases:write']);
      // Stop every bus opened so far but the listener's: whichever was relaying is gone.
      for (const bus of opened.splice(0).filter((bus) => bus !== listener.live)) await bus.close();
      opened.push(listener.live);
      await new Promise((resolve) => setTimeout(resolve, 600));

      const stream = await openLiveStream(listener.app, key.headers);
      await settle();
      const lease = await startLeaseThrough(candidates[0]!.app, key.headers, 'after@cart.test');
      const updates = await stream.until((u) => u.lease?.leaseNumber === lease);
      stream.close();
      expect(updates.map((u) => u.type)).toContain('lease.started');
    });
  });
});
