import type { ListenFn } from '@leaseboard/db';
import type { Logger } from '../logger.ts';
import { connectRedis, type RedisConnection } from '../redis/connect-redis.ts';
import { createLiveBus, pgListen, type LiveBus } from './live-bus.ts';
import { redisListen, redisLiveNamespace, startLiveRelay } from './redis-live.ts';

export interface LiveBusOptions {
  databaseUrl: string;
  /** The embedded database's in-process LISTEN, when the database is embedded. */
  listen?: ListenFn;
  /** With REDIS_URL: its URL (a subscriber connection of its own is opened) and the shared connection to publish on. */
  redis?: { url: string; publisher: RedisConnection } | null;
  logger: Logger;
  /** How often a process that is not relaying to Redis tries to take over. */
  relayRetryMs?: number;
}

/**
 * This process's live-updates bus. Without Redis each process LISTENs on the database (the embedded one
 * hears its own notifications in process). With Redis every process subscribes to Redis, and one of them
 * relays the database's notifications there (see startLiveRelay).
 */
export async function openLiveBus(options: LiveBusOptions): Promise<LiveBus> {
  const { databaseUrl, listen, redis, logger } = options;
  if (!redis) return createLiveBus(listen ?? pgListen(databaseUrl, logger), logger);
  const namespace = redisLiveNamespace(databaseUrl);
  const subscriber: RedisConnection = await connectRedis(redis.url, logger, { name: 'leaseboard-live' });
  const relay = await startLiveRelay({ databaseUrl, listen, publisher: redis.publisher, namespace, logger, retryMs: options.relayRetryMs }).catch((error: unknown) => {
    subscriber.disconnect();
    throw error;
  });
  const bus = await createLiveBus(redisListen(subscriber, namespace), logger);
  return {
    subscribe: bus.subscribe,
    async close() {
      await relay.stop();
      await bus.close();
      subscriber.disconnect();
    },
  };
}
