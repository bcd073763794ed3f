import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLockHolder, resolveDatabaseUrl, startEmbeddedPostgres } from '@leaseboard/db';
import { migratedPgliteTemplate } from '@leaseboard/db/testing/test-database';
import { loadConfig } from '@leaseboard/domain/config';
import { silentLogger } from '@leaseboard/domain/logger';
import { boot } from '../src/boot.ts';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'leaseboard-datadir-'));
const env = { DATA_DIR: root };
const pgDir = join(root, 'pg');
const config = { ...loadConfig(env), port: 0 };

beforeAll(async () => {
  // A migrated data directory, as after a first start (without the demo data).
  const embedded = await startEmbeddedPostgres({ dataDir: pgDir, loadDataDir: await migratedPgliteTemplate() });
  await embedded.stop();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs a command as a child process, without blocking this one (which serves the database). */
function run(command: string[], extraEnv: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...command], {
    cwd: apiDir,
    env: { PATH: process.env['PATH'] ?? '', ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout: stdout.trim(), stderr: stderr.trim() })));
}

async function partnerNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ company: string }>('SELECT company FROM "Partner" ORDER BY id')).rows.map((row) => row.company);
  } finally {
    await client.end();
  }
}

// The embedded data directory only: with TEST_DATABASE_URL there is none to lock.
describe.skipIf(Boolean(process.env['TEST_DATABASE_URL']))('the embedded data directory', () => {
  describe('when a command opens it while the server runs, then the server stops and starts, 20 times', () => {
    // About 1 s a cycle on an idle machine.
    it('goes through the running server every time and the database keeps every write', { timeout: 300_000 }, async () => {
      const written: string[] = [];
      for (let cycle = 0; cycle < 20; cycle++) {
        const running = await boot(config, { logger: silentLogger, demoData: false });
        try {
          // What every command does first (db:migrate, db:status, db:seed, billing:run): find the database.
          const target = await resolveDatabaseUrl(env);
          expect(target.via).toBe('server');
          const client = new pg.Client({ connectionString: target.url });
          await client.connect();
          await client.query(`INSERT INTO "Partner" (company, "contactName", "contactEmail", "billingEmail", "updatedAt") VALUES ($1, 'C', 'c@c.test', 'b@c.test', now())`, [`Cycle ${cycle}`]);
          await client.end();
          await target.stop();
          written.push(`Cycle ${cycle}`);
          expect(await partnerNames(target.url)).toEqual(written);
        } finally {
          await running.stop();
        }
        expect(readLockHolder(pgDir)).toBeNull();
      }
    });
  });

  describe('when the commands run as processes beside a running server', () => {
    it('db:migrate and billing:run go through its loopback port, and a second server refuses with one line', { timeout: 300_000 }, async () => {
      const running = await boot(config, { logger: silentLogger, demoData: false });
      try {
        const holder = readLockHolder(pgDir);
        expect(holder).toMatchObject({ pid: process.pid, url: expect.stringMatching(/^postgres:\/\/.*@127\.0\.0\.1:\d+\//) });

        const migrate = await run(['../../prisma/src/cli/migrate.ts', 'deploy']);
        expect(migrate).toMatchObject({ status: 0, stdout: 'No pending migrations.' });

        const billing = await run(['src/cli/billing-run.ts', '--period', '2026-01']);
        expect(billing).toMatchObject({ status: 0, stderr: '', stdout: expect.stringMatching(/^billing:run 2026-01: /) });

        const second = await run(['src/main.ts'], { PORT: '65001' });
        expect(second.status).toBe(1);
        expect(second.stderr).toBe(`The embedded database in ${pgDir} is open in another Leaseboard process (pid ${process.pid}); stop it first.`);
      } finally {
        await running.stop();
      }
    });
  });

  describe('when the process that held it was killed', () => {
    it('takes over its stale lock', async () => {
      const killed = await run(['-e', `require('node:fs').writeFileSync(${JSON.stringify(`${pgDir}.lock`)}, JSON.stringify({ pid: process.pid, startedAt: '', url: 'postgres://gone', controlUrl: null, token: null }))`]);
      expect(killed.status).toBe(0);
      const target = await resolveDatabaseUrl(env);
      try {
        expect(target.via).toBe('opened');
      } finally {
        await target.stop();
      }
    });
  });
});
