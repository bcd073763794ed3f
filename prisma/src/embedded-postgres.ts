import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { startControlPort } from './embedded-control.ts';
import { freePort } from './free-port.ts';
import { keepMessageSequencesTogether } from './pglite-message-sequences.ts';

export interface EmbeddedPostgres {
  /** A postgres:// URL that any client (pg, Prisma, pg-boss, the migrator) can use. */
  url: string;
  stop(): Promise<void>;
  /** The whole data directory as a tarball, to start other instances from (test templates). */
  dump(): Promise<Blob>;
  /** A gzipped tarball of the data directory taken between clients' transactions (db:backup). */
  backup(): Promise<Blob>;
  /**
   * LISTEN on a channel. The socket server does not pass notifications on to its clients, so listeners
   * in this process hear them here; NOTIFY from any client (this process or another) reaches them.
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
  /** PostgreSQL settings added to PGlite's own (`-c name=value` pairs). */
  startParams?: string[];
}

/**
 * PGlite's shared buffers live in its WebAssembly memory, which never shrinks: 32 MB instead of
 * PostgreSQL's 128 MB took the demo server's RSS from 491 to 387 MB idle and from 545 to 434 MB after
 * 600 lease and customer queries, at the same speed (the data files stay in the OS page cache).
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=32MB'];

/**
 * Runs PGlite (PostgreSQL compiled to WebAssembly) in this process and serves it on a loopback port,
 * so the embedded default speaks the same wire protocol as a real server. A data directory is locked
 * while open (data-dir-lock.ts): a second process gets DataDirBusyError instead of corrupting it, and
 * finds the URL to reach this one, and its control port for backups, in the lock.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  let lock: DataDirLock | null = null;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    lock = lockDataDir(options.dataDir);
  }
  try {
    const db = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { pg_trgm, btree_gin },
      startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS, ...(options.startParams ?? [])],
    });
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? (await freePort(host));
    const server = new PGLiteSocketServer({ db, host, port, maxConnections: options.maxConnections ?? 20 });
    const listeners = new Map<string, Set<(payload: string) => void>>();
    const between = keepMessageSequencesTogether(server, (channel, payload) => listeners.get(channel)?.forEach((listener) => listener(payload)));
    await server.start();
    const url = `postgres://postgres:postgres@${host}:${port}/postgres?sslmode=disable`;
    const backup = () =>
      between(async () => {
        await db.exec('CHECKPOINT');
        return db.dumpDataDir('gzip');
      });
    let control: { url: string; stop(): Promise<void> } | null = null;
    if (lock) {
      const token = randomBytes(24).toString('hex');
      control = await startControlPort({ token, backup });
      lock.publish({ url, controlUrl: control.url, token });
    }
    return {
      url,
      async stop() {
        await control?.stop();
        await server.stop();
        await db.close();
        lock?.release();
      },
      dump: () => db.dumpDataDir('none'),
      backup,
      async listen(channel, onPayload) {
        if (!listeners.has(channel)) {
          listeners.set(channel, new Set());
          // Between clients' transactions, so the LISTEN is not part of one that rolls back.
          await between(() => db.exec(`LISTEN "${channel.replace(/"/g, '""')}"`));
        }
        listeners.get(channel)!.add(onPayload);
        return async () => {
          listeners.get(channel)?.delete(onPayload);
        };
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
