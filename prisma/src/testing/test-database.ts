import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type ListenFn } from '../embedded-postgres.ts';
import { Migrator } from '../migrator.ts';
import { migrationsDir } from '../paths.ts';

/**
 * Every test file gets a database of its own, migrated, so files run in parallel.
 * With TEST_DATABASE_URL (a real PostgreSQL server) each one is a fresh database cloned from a migrated
 * template; without it, each one is an in-memory PGlite started from a migrated data-directory dump.
 */
export interface TestDatabase {
  url: string;
  kind: 'postgres' | 'pglite';
  /** PGlite only: LISTEN through the engine itself (see EmbeddedPostgres.listen). */
  listen?: ListenFn;
  drop(): Promise<void>;
}

export function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsDir).sort()) {
    const file = join(migrationsDir, name, 'migration.sql');
    if (existsSync(file)) hash.update(name).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}

/** Run once before the suite (vitest globalSetup): builds the template for this migrations folder. */
export async function prepareTestTemplate(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const fingerprint = migrationsFingerprint();
  const serverUrl = env['TEST_DATABASE_URL'];
  if (serverUrl) {
    const name = `lb_template_${fingerprint}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      const building = `${name}_building_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE "${building}"`);
      await new Migrator({ databaseUrl: withDatabase(serverUrl, building) }).deploy();
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`).catch(async () => {
        await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
      });
    } finally {
      await admin.end();
    }
    return;
  }
  const dumpPath = pgliteDumpPath(fingerprint);
  if (existsSync(dumpPath)) return;
  const embedded = await startEmbeddedPostgres();
  try {
    await new Migrator({ databaseUrl: embedded.url }).deploy();
    const blob = await embedded.dump();
    const tmp = `${dumpPath}.${process.pid}`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    (await import('node:fs')).renameSync(tmp, dumpPath);
  } finally {
    await embedded.stop();
  }
}

export async function createTestDatabase(env: NodeJS.ProcessEnv = process.env): Promise<TestDatabase> {
  const fingerprint = migrationsFingerprint();
  const serverUrl = env['TEST_DATABASE_URL'];
  if (serverUrl) {
    const name = `lb_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await cloneTemplate(admin, `lb_template_${fingerprint}`, name);
    await admin.end();
    return {
      url: withDatabase(serverUrl, name),
      kind: 'postgres',
      async drop() {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const embedded = await startEmbeddedPostgres({ loadDataDir: await openAsBlob(pgliteDumpPath(fingerprint)), maxConnections: 20 });
  return { url: embedded.url, kind: 'pglite', listen: embedded.listen, drop: () => embedded.stop() };
}

/** Cloning needs the template to have no other connections; parallel files may collide, so retry briefly. */
async function cloneTemplate(admin: pg.Client, template: string, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      return;
    } catch (error) {
      if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
}

/** The migrated PGlite data directory the suite starts from, as a tarball (after prepareTestTemplate). */
export function migratedPgliteTemplate(): Promise<Blob> {
  return openAsBlob(pgliteDumpPath(migrationsFingerprint()));
}

function pgliteDumpPath(fingerprint: string): string {
  return join(tmpdir(), `leaseboard-pglite-template-${fingerprint}.tar`);
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
