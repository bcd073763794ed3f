import pg from 'pg';
import type { ListenFn } from '@leaseboard/db';
import type { Logger } from '../logger.ts';
import type { RedisConnection } from '../redis/connect-redis.ts';
import { LIVE_CHANNEL } from './live-message.ts';

/** The session lock that elects the one process relaying NOTIFY to Redis (any constant distinct from other locks). */
export const LIVE_RELAY_LOCK = 7_146_001;

/**
 * Redis channels of one database: a Redis server shared by several deployments (or by test databases)
 * keeps their live updates apart.
 */
export function redisLiveNamespace(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'postgres';
  return `leaseboard:${name}`;
}

/** A ListenFn over a Redis connection kept in subscribe mode (it can do nothing else). */
export function redisListen(subscriber: RedisConnection, namespace: string): ListenFn {
  return async (channel, onPayload) => {
    const redisChannel = `${namespace}:${channel}`;
    const onMessage = (heard: string, payload: string) => heard === redisChannel && onPayload(payload);
    subscriber.on('message', onMessage);
    await subscriber.subscribe(redisChannel);
    return async () => {
      subscriber.off('message', onMessage);
      await subscriber.unsubscribe(redisChannel).catch(() => {});
    };
  };
}

export interface LiveRelay {
  /** True while this process is the one relaying. */
  leading(): boolean;
  stop(): Promise<void>;
}

export interface LiveRelayOptions {
  databaseUrl: string;
  /** The embedded database's in-process LISTEN: only one process can own it, so it relays without a lock. */
  listen?: ListenFn;
  publisher: Pick<RedisConnection, 'publish'>;
  namespace: string;
  logger: Logger;
  /** How often a process that is not relaying tries to take over (the leader's connection may be gone). */
  retryMs?: number;
}

/**
 * Carries the database's live updates to Redis. Changes still announce themselves with NOTIFY inside
 * their transaction (only committed changes are heard, whichever process or plain-SQL writer made them);
 * exactly one process of the deployment, the holder of a session advisory lock, LISTENs and publishes
 * each one to Redis, where every process subscribes. When the leader's connection ends, its lock goes
 * with it and another process takes over within `retryMs`; updates in that gap are not replayed.
 */
export async function startLiveRelay(options: LiveRelayOptions): Promise<LiveRelay> {
  const { publisher, namespace, logger } = options;
  const redisChannel = `${namespace}:${LIVE_CHANNEL}`;
  const publish = (payload: string) => void publisher.publish(redisChannel, payload).catch((error: Error) => logger.warn('live updates: cannot publish to Redis', { error: error.message }));

  if (options.listen) {
    const unlisten = await options.listen(LIVE_CHANNEL, publish);
    return { leading: () => true, stop: unlisten };
  }

  let client: pg.Client | null = null;
  let leading = false;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const later = () => {
    if (!stopped) retry = setTimeout(() => void attempt(), options.retryMs ?? 5_000).unref();
  };
  const attempt = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: options.databaseUrl });
    let retired = false;
    const retire = () => {
      if (retired) return;
      retired = true;
      if (client === next) [client, leading] = [null, false];
      next.end().catch(() => {});
      later();
    };
    next.on('error', (error) => {
      if (client === next) logger.warn('live updates: relay connection lost', { error: error.message });
      retire();
    });
    try {
      await next.connect();
      const { rows } = await next.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LIVE_RELAY_LOCK]);
      if (!rows[0]!.locked || stopped) return retire();
      next.on('notification', (n) => n.channel === LIVE_CHANNEL && n.payload !== undefined && publish(n.payload));
      await next.query(`LISTEN ${pg.escapeIdentifier(LIVE_CHANNEL)}`);
      [client, leading] = [next, true];
    } catch (error) {
      logger.warn('live updates: relay cannot LISTEN', { error: (error as Error).message });
      retire();
    }
  };
  await attempt();
  return {
    leading: () => leading,
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const last = client;
      [client, leading] = [null, false];
      await last?.end().catch(() => {});
    },
  };
}
