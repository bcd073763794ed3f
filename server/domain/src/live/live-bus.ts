import type { ListenFn } from '@leaseboard/db';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { LIVE_CHANNEL, parseLiveMessage, type LiveMessage } from './live-message.ts';

export type { ListenFn };

/**
 * Live updates in one process: one LISTEN for the whole process, fanned out to the subscriptions of each
 * partner (vendor staff subscribe to every partner with `null`).
 */
export interface LiveBus {
  subscribe(partnerId: number | null, listener: (message: LiveMessage) => void): () => void;
  close(): Promise<void>;
}

export async function createLiveBus(listen: ListenFn, logger: Logger): Promise<LiveBus> {
  const listeners = new Set<{ partnerId: number | null; listener: (message: LiveMessage) => void }>();
  const unlisten = await listen(LIVE_CHANNEL, (payload) => {
    const message = parseLiveMessage(payload);
    if (!message) return logger.warn('live update not understood', { payload: payload.slice(0, 200) });
    for (const entry of listeners) {
      if (entry.partnerId === null || entry.partnerId === message.partnerId) entry.listener(message);
    }
  });
  return {
    subscribe(partnerId, listener) {
      const entry = { partnerId, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    async close() {
      listeners.clear();
      await unlisten();
    },
  };
}

/**
 * LISTEN on a PostgreSQL server with a connection of its own (a pooled connection cannot hold a LISTEN).
 * A lost connection is opened again after a second; changes made meanwhile are not replayed (pages
 * refetch when they reconnect).
 */
export function pgListen(databaseUrl: string, logger: Logger): ListenFn {
  return async (channel, onPayload) => {
    let client: pg.Client | null = null;
    let closed = false;
    const connect = async (): Promise<void> => {
      const next = new pg.Client({ connectionString: databaseUrl });
      next.on('notification', (n) => n.channel === channel && n.payload !== undefined && onPayload(n.payload));
      next.on('error', (error) => {
        logger.warn('live updates: LISTEN connection lost', { error });
        next.end().catch(() => {});
        if (!closed) setTimeout(() => void connect().catch((e) => logger.error('live updates: cannot LISTEN', { error: e })), 1000).unref();
      });
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      client = next;
    };
    await connect();
    return async () => {
      closed = true;
      await client?.end().catch(() => {});
    };
  };
}
