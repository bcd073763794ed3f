import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLockHolder, startEmbeddedPostgres } from '@leaseboard/db';
import { freePort } from '@leaseboard/db/free-port';
import { migratedPgliteTemplate } from '@leaseboard/db/testing/test-database';
import { createTestServices, type TestServices } from '@leaseboard/domain/test/test-services';
import { apiKeyFor, createPartner } from './factories.ts';
import { eventually } from './scale-out/processes.ts';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const onPostgres = Boolean(process.env['TEST_DATABASE_URL']);
const STOPPED = (signal: string) => new RegExp(`^Leaseboard stopped \\(${signal}\\)( during start-up)? in \\d+ ms\\.$`);

let t: TestServices;
let leasesReader: Record<string, string>;
let exporter: Record<string, string>;
beforeAll(async () => {
  t = await createTestServices();
  const partner = await createPartner(t.db);
  leasesReader = (await apiKeyFor(t.db, partner.id, ['leases:read'])).headers;
  exporter = (await apiKeyFor(t.db, partner.id, ['leases:read', 'customers:export'])).headers;
});
afterAll(() => t.close());

/** `src/main.ts` as `pnpm start` runs it, with its output line by line. */
async function startServer(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: apiDir,
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waiting: Array<{ pattern: RegExp; found: (line: string) => void }> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout.push(line);
    for (const wait of waiting.filter((w) => w.pattern.test(line))) wait.found(line);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const lineMatching = (pattern: RegExp) =>
    Promise.race([
      new Promise<string>((found) => {
        const seen = stdout.find((line) => pattern.test(line));
        if (seen) found(seen);
        else waiting.push({ pattern, found });
      }),
      exited.then((exit) => Promise.reject(new Error(`the server exited (${JSON.stringify(exit)}) before printing ${pattern}:\n${stdout.join('\n')}\n${stderr}`))),
    ]);
  return { child, port, url: `http://127.0.0.1:${port}`, stdout, stderr: () => stderr, exited, lineMatching, ready: () => lineMatching(/is ready at/) };
}

/**
 * A GraphQL request that is under way on the server (it announced `Expect: 100-continue` and the server
 * answered that it reads on) whose body is sent only when `sendBody` is called.
 */
function requestInFlight(port: number, body: string, headers: Record<string, string>) {
  return new Promise<{ sendBody(): void; response: Promise<{ status: number; body: string }> }>((accepted, failed) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/graphql',
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.once('error', reject);
      req.once('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
    });
    response.catch(() => {});
    req.once('error', failed);
    req.once('continue', () => accepted({ sendBody: () => req.end(body), response }));
    req.flushHeaders();
  });
}

/** `pid args` of each process `parent` started. */
function childrenOf(parent: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return []; // ps exits 1 when there is none
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the server process', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    describe(`when it gets ${signal}`, () => {
      it('stops with one line and exits 0', { timeout: 120_000 }, async () => {
        const server = await startServer({ DATABASE_URL: t.database.url });
        await server.ready();
        expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
        server.child.kill(signal);
        expect(await server.exited).toEqual({ code: 0, signal: null });
        expect(server.stdout.at(-1)).toMatch(STOPPED(signal));
        expect(server.stderr()).toBe('');
      });
    });
  }

  describe('when it gets SIGTERM while a request is in flight', () => {
    it('answers the request from the database, then stops with one line and exits 0', { timeout: 120_000 }, async () => {
      const server = await startServer({ DATABASE_URL: t.database.url });
      await server.ready();
      const slow = await requestInFlight(server.port, JSON.stringify({ query: '{ leases(first: 1) { totalCount } }' }), leasesReader);
      server.child.kill('SIGTERM');
      // The server keeps running while the request is unfinished; it reads the body only now.
      await new Promise((done) => setTimeout(done, 1_000));
      expect(server.child.exitCode).toBeNull();
      slow.sendBody();
      const answer = await slow.response;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ data: { leases: { totalCount: 0 } } });
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.stdout.at(-1)).toMatch(STOPPED('SIGTERM'));
      expect(server.stdout.filter((line) => line.startsWith('Leaseboard stopped'))).toHaveLength(1);
      expect(server.stderr()).toBe('');
    });
  });

  // The embedded data directory and its lock; with TEST_DATABASE_URL the same start-up is tested below.
  describe.skipIf(onPostgres)('when it gets SIGTERM during start-up on the embedded database', () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'leaseboard-startup-signal-'));
      // A migrated data directory without the demo data: the start loads it, which takes seconds.
      const embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), loadDataDir: await migratedPgliteTemplate() });
      await embedded.stop();
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('exits 0 with one line, releases the data directory, and the next start works', { timeout: 300_000 }, async () => {
      const first = await startServer({ DATA_DIR: dataDir });
      await first.lineMatching(/^Empty embedded database: loading the demo data/);
      expect(readLockHolder(join(dataDir, 'pg'))?.pid).toBe(first.child.pid);
      first.child.kill('SIGTERM');
      expect({ ...(await first.exited), stderr: first.stderr() }).toEqual({ code: 0, signal: null, stderr: '' });
      expect(first.stdout.some((line) => /is ready/.test(line))).toBe(false);
      expect(first.stdout.at(-1)).toMatch(/^Leaseboard stopped \(SIGTERM\) during start-up in \d+ ms\.$/);
      expect(first.stderr()).toBe('');
      expect(readLockHolder(join(dataDir, 'pg'))).toBeNull();
      expect(existsSync(join(dataDir, 'pg', 'pg.lock')) || existsSync(join(dataDir, 'pg.lock'))).toBe(false);

      // The interrupted seed was rolled back, so the next start loads the demo data whole.
      const next = await startServer({ DATA_DIR: dataDir });
      await next.ready();
      expect(next.stdout).toContain('Empty embedded database: loading the demo data (a few seconds)…');
      expect((await fetch(`${next.url}/readyz`)).status).toBe(200);
      next.child.kill('SIGTERM');
      expect(await next.exited).toEqual({ code: 0, signal: null });
      expect(next.stderr()).toBe('');
    });
  });

  describe.skipIf(!onPostgres)('when it gets SIGTERM during start-up on PostgreSQL', () => {
    it('finishes the step under way, closes what it opened, exits 0 with one line, and the next start works', { timeout: 120_000 }, async () => {
      // Hold the migrations table so start-up waits in its migration step, where the signal finds it.
      const holder = new pg.Client({ connectionString: t.database.url });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE "_prisma_migrations" IN ACCESS EXCLUSIVE MODE');
      const first = await startServer({ DATABASE_URL: t.database.url });
      try {
        await eventually('the server to wait for the migrations table', async () => {
          const waiting = await t.db.$queryRawUnsafe<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`,
            (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid,
          );
          return waiting[0]!.n > 0;
        }, 60_000);
        first.child.kill('SIGTERM');
        await new Promise((done) => setTimeout(done, 300));
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
      expect(await first.exited).toEqual({ code: 0, signal: null });
      expect(first.stdout.some((line) => /is ready/.test(line))).toBe(false);
      expect(first.stdout.at(-1)).toMatch(/^Leaseboard stopped \(SIGTERM\) during start-up in \d+ ms\.$/);
      expect(first.stderr()).toBe('');

      const next = await startServer({ DATABASE_URL: t.database.url });
      await next.ready();
      next.child.kill('SIGTERM');
      expect(await next.exited).toEqual({ code: 0, signal: null });
    });
  });

  // Holding the leases' table keeps the export's process busy; on the embedded database a held transaction
  // holds every connection, the server's too, so this runs with TEST_DATABASE_URL (CI's PostgreSQL run).
  describe.skipIf(!onPostgres)('when it gets SIGTERM while an export runs in its own process', () => {
    it('ends that process too within seconds, leaves the export\'s job to be retried, and exits 0 with one line', { timeout: 120_000 }, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'leaseboard-export-signal-'));
      const holder = new pg.Client({ connectionString: t.database.url });
      await holder.connect();
      try {
        const server = await startServer({ DATABASE_URL: t.database.url, DATA_DIR: dataDir });
        await server.ready();
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE "Lease" IN ACCESS EXCLUSIVE MODE');
        const started = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { ...exporter, 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'mutation { startCustomerExport(input: { format: CSV, scope: ALL }) { export { id } userErrors { code } } }' }),
        });
        expect(((await started.json()) as { data: { startCustomerExport: { userErrors: unknown[] } } }).data.startCustomerExport.userErrors).toEqual([]);
        const exportPid = await eventually('the export process to start', async () => {
          const line = childrenOf(server.child.pid!).find((args) => args.includes('export-process'));
          return line ? Number(line.trim().split(/\s+/)[0]) : null;
        }, 60_000);

        // To the server alone, not its process group: ending the export's process is the server's job.
        server.child.kill('SIGTERM');
        expect(await server.exited).toEqual({ code: 0, signal: null });
        expect(server.stdout.at(-1)).toMatch(STOPPED('SIGTERM'));
        // The table is still held, so the export could not have finished on its own.
        await eventually('the export process to end', async () => !isAlive(exportPid), 10_000);
        await holder.query('ROLLBACK');
        // Back in the queue: the next worker to start runs the export from scratch.
        expect(await t.db.$queryRawUnsafe(`SELECT state::text FROM pgboss.job WHERE name = 'customer-export'`)).toEqual([{ state: 'retry' }]);
        expect((await t.db.export.findFirstOrThrow({ orderBy: { id: 'desc' } })).status).not.toBe('SUCCEEDED');
      } finally {
        await holder.end();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
