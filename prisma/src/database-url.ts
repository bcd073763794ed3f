import { resolve } from 'node:path';
import { DataDirBusyError, readLockHolder, type LockHolder } from './data-dir-lock.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { repoRoot } from './paths.ts';

export { repoRoot };

export interface DatabaseTarget {
  url: string;
  embedded: boolean;
  /** 'server': through the running server's loopback port; 'opened': this process opened DATA_DIR itself. */
  via: 'url' | 'server' | 'opened';
  stop(): Promise<void>;
}

/** The embedded database's directory for these settings: DATA_DIR/pg, DATA_DIR relative to the repo root. */
export function embeddedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(repoRoot, env['DATA_DIR'] ?? '.data', 'pg');
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL kept in DATA_DIR (default .data/ at the repo
 * root): through the running server's loopback port when a server holds it, else opened (and locked) here.
 * A server that is still starting is waited for up to `waitMs`, then DataDirBusyError says why.
 */
export async function resolveDatabaseUrl(env: NodeJS.ProcessEnv = process.env, waitMs = 30_000): Promise<DatabaseTarget> {
  if (env['DATABASE_URL']) return { url: env['DATABASE_URL'], embedded: false, via: 'url', stop: async () => {} };
  const dataDir = embeddedDataDir(env);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const holder = readLockHolder(dataDir);
    if (holder?.url) return { url: holder.url, embedded: true, via: 'server', stop: async () => {} };
    if (!holder) {
      try {
        const embedded = await startEmbeddedPostgres({ dataDir });
        return { url: embedded.url, embedded: true, via: 'opened', stop: () => embedded.stop() };
      } catch (error) {
        if (!(error instanceof DataDirBusyError)) throw error;
      }
    } else if (Date.now() > deadline) {
      throw new DataDirBusyError(dataDir, holder as LockHolder);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
}
