import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

export type RedisConnection = Redis;

/**
 * One connection to REDIS_URL, made by the composition root and passed to whatever shares state between
 * processes (the verified-API-key cache; rate limits and live events can take the same one, or call this
 * again for a subscriber, since a connection in subscribe mode can send nothing else). Connection errors
 * are logged, not thrown: ioredis reconnects by itself. Resolves once the server answered PING, so a
 * wrong URL stops the start with one line instead of failing requests later.
 */
export async function connectRedis(url: string, logger: Logger, { name = 'leaseboard' }: { name?: string } = {}): Promise<RedisConnection> {
  const redis = new Redis(url, { connectionName: name, lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on('error', (error) => logger.warn('redis connection error', { name, error: error.message }));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Cannot connect to REDIS_URL ${redactRedisUrl(url)}: ${(error as Error).message.split('\n')[0]}`);
  }
  return redis;
}

/** The URL without its password, for messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}
