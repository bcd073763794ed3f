import { resolve } from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { repoRoot } from './paths.ts';

export { repoRoot };

export interface DatabaseTarget {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL kept in DATA_DIR (default .data/ at the repo root). */
export async function resolveDatabaseUrl(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseTarget> {
  if (env['DATABASE_URL']) return { url: env['DATABASE_URL'], embedded: false, stop: async () => {} };
  const dataDir = resolve(repoRoot, env['DATA_DIR'] ?? '.data', 'pg');
  const embedded = await startEmbeddedPostgres({ dataDir });
  return { url: embedded.url, embedded: true, stop: () => embedded.stop() };
}
