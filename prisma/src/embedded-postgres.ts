import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { freePort } from './free-port.ts';
import { keepMessageSequencesTogether } from './pglite-message-sequences.ts';

export interface EmbeddedPostgres {
  /** A postgres:// URL that any client (pg, Prisma, pg-boss, the migrator) can use. */
  url: string;
  stop(): Promise<void>;
  /** The whole data directory as a tarball, to start other instances from (test templates). */
  dump(): Promise<Blob>;
  /**
   * LISTEN on a channel. The socket server does not pass notifications on to its clients, so listeners
   * in this process ask PGlite directly; NOTIFY from any client (this process or another) reaches them.
   */
  listen: ListenFn;
}

/** Calls `onPayload` with each notification on `channel` until the returned function is called. */
export type ListenFn = (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;

export interface EmbeddedPostgresOptions {
  /** Directory that keeps the data; omit for a throw-away in-memory database. */
  dataDir?: string;
  port?: number;
  host?: string;
  maxConnections?: number;
  /** Start from a tarball made by dump() instead of an empty cluster. */
  loadDataDir?: Blob;
}

/**
 * Runs PGlite (PostgreSQL compiled to WebAssembly) in this process and serves it on a loopback port,
 * so the embedded default speaks the same wire protocol as a real server.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm },
  });
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const server = new PGLiteSocketServer({ db, host, port, maxConnections: options.maxConnections ?? 20 });
  const listeners = new Map<string, Set<(payload: string) => void>>();
  keepMessageSequencesTogether(server, (channel, payload) => listeners.get(channel)?.forEach((listener) => listener(payload)));
  await server.start();
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
    dump: () => db.dumpDataDir('none'),
    async listen(channel, onPayload) {
      // Listen before serving requests: PGlite's own exec would run inside a socket client's open transaction.
      if (!listeners.has(channel)) {
        listeners.set(channel, new Set());
        await db.exec(`LISTEN "${channel.replace(/"/g, '""')}"`);
      }
      listeners.get(channel)!.add(onPayload);
      return async () => {
        listeners.get(channel)?.delete(onPayload);
      };
    },
  };
}
