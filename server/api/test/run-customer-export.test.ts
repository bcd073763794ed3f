import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '@leaseboard/db';
import { createApp } from '../src/app.ts';
import { CUSTOMER_EXPORT_QUEUE, exportInItsOwnProcess, exportInThisProcess, registerCustomerExportJobs } from '@leaseboard/domain/jobs/customer-export-job';
import { startJobQueue, type JobQueue } from '@leaseboard/domain/jobs/queue';
import { ExportProcessDied, runExportProcess } from '@leaseboard/domain/jobs/run-export-process';
import { silentLogger } from '@leaseboard/domain/logger';
import { createBulkCustomers, createPartner, gid, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { buildReportFixture, NOW, type ReportFixture } from '@leaseboard/domain/test/report-fixture';
import { exportDownloadToken } from '@leaseboard/domain/exports/download-token';
import { storeFilter } from '@leaseboard/domain/exports/export-filter';
import { exportsDir } from '@leaseboard/domain/exports/export-files';
import { ABANDONED_EXPORT_ERROR, failAbandonedExport } from '@leaseboard/domain/exports/fail-abandoned-export';
import { runCustomerExport } from '@leaseboard/domain/exports/run-customer-export';
import { runAfterCommit } from '@leaseboard/domain/after-commit';

let t: TestApp;
let f: ReportFixture;
let dataDir: string;
let owner: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  f = await buildReportFixture(t.db);
  dataDir = await mkdtemp(join(tmpdir(), 'lb-exports-'));
  owner = (await signedInUser(t.db, t.clock, f.partnerA.id, 'OWNER')).headers;
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const deps = () => ({ pool: poolOf(t.db), clock: t.clock, dataDir });

async function queuedExport(format: 'CSV' | 'JSONL' = 'CSV', scope: 'ALL' | 'CURRENT' = 'ALL') {
  return t.db.export.create({ data: { partnerId: f.partnerA.id, format, filter: storeFilter({ scope }), status: 'QUEUED' } });
}

function download(path: string) {
  return t.app.fetch(new Request(`http://test.local${path}`));
}

async function directExport(scope: 'ALL' | 'CURRENT') {
  return Buffer.from(await (await t.app.fetch(new Request(`http://test.local/exports/customers.csv?scope=${scope}`, { headers: owner }))).arrayBuffer());
}

describe('runCustomerExport', () => {
  describe('when it runs to the end', () => {
    it('writes the same bytes as the direct download, under DATA_DIR/exports, and counts every row', async () => {
      const row = await queuedExport();
      const progress: number[] = [];
      expect(await runCustomerExport(deps(), row.id, { lastAttempt: false, chunkSize: 1, afterChunk: (n) => void progress.push(n) })).toBe('SUCCEEDED');
      const done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
      expect(done).toMatchObject({ status: 'SUCCEEDED', rowsDone: 4, totalRows: 4, error: null });
      expect(progress).toEqual([1, 2, 3, 4]);
      expect(done.filePath).toBe(join(exportsDir(dataDir), `export-${row.id}.csv`));
      expect(await readFile(done.filePath!)).toEqual(await directExport('ALL'));
      expect(done.expiresAt!.getTime() - done.finishedAt!.getTime()).toBe(24 * 3600_000);
      expect((await readdir(exportsDir(dataDir))).filter((n) => n.endsWith('.part'))).toEqual([]);
    });

    it('serves the file at its download link until the link expires', async () => {
      const row = await queuedExport('CSV', 'CURRENT');
      await runCustomerExport(deps(), row.id, { lastAttempt: false });
      const done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
      const downloadToken = exportDownloadToken(t.config.sessionSecret, row.id, done.expiresAt!);
      const response = await download(`/exports/${row.id}/download?token=${downloadToken}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="customers-2025-03-15.csv"');
      expect(Buffer.from(await response.arrayBuffer())).toEqual(await directExport('CURRENT'));

      expect((await download(`/exports/${row.id}/download?token=${'x'.repeat(downloadToken.length)}`)).status).toBe(404);
      expect((await download(`/exports/${row.id}/download`)).status).toBe(404);
      t.clock.advance(24 * 3600_000);
      expect((await download(`/exports/${row.id}/download?token=${downloadToken}`)).status).toBe(410);
      t.clock.set(NOW);
    });

    it('writes JSONL too', async () => {
      const row = await queuedExport('JSONL');
      await runCustomerExport(deps(), row.id, { lastAttempt: false, chunkSize: 3 });
      const done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
      const lines = (await readFile(done.filePath!, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { email: string });
      expect(lines.map((l) => l.email)).toEqual(['Alice@Example.test', 'bob@example.test', 'carol@example.test', 'dave@example.test']);
    });

    it('does nothing when run again after it succeeded', async () => {
      const row = await queuedExport();
      await runCustomerExport(deps(), row.id, { lastAttempt: false });
      const first = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
      expect(await runCustomerExport(deps(), row.id, { lastAttempt: false })).toBe('ALREADY_DONE');
      expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toEqual(first);
    });

    it('does nothing with an export that failed for good', async () => {
      const row = await t.db.export.update({ where: { id: (await queuedExport()).id }, data: { status: 'FAILED', error: ABANDONED_EXPORT_ERROR } });
      expect(await runCustomerExport(deps(), row.id, { lastAttempt: false })).toBe('ALREADY_DONE');
      expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toEqual(row);
    });

    it('leaves an export FAILED when the queue gave up on it while the attempt ran', async () => {
      const row = await queuedExport();
      const outcome = await runCustomerExport(deps(), row.id, {
        lastAttempt: false,
        chunkSize: 1,
        afterChunk: async (n) => void (n === 1 && (await failAbandonedExport(t.db, row.id, t.clock.now()))),
      });
      expect(outcome).toBe('ABANDONED');
      expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'FAILED', error: ABANDONED_EXPORT_ERROR, rowsDone: 1, filePath: null });
    });
  });

  describe('when an attempt fails midway', () => {
    it('leaves no file under the final name and puts the export back in the queue', async () => {
      const row = await queuedExport();
      const attempt = runCustomerExport(deps(), row.id, {
        lastAttempt: false,
        chunkSize: 1,
        afterChunk: async (n) => {
          if (n === 2) {
            expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'RUNNING', rowsDone: 2, totalRows: 4 });
            throw new Error('worker died');
          }
        },
      });
      await expect(attempt).rejects.toThrow('worker died');
      expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'QUEUED', rowsDone: 0, filePath: null, expiresAt: null });
      expect((await readdir(exportsDir(dataDir))).filter((n) => n.startsWith(`export-${row.id}.`))).toEqual([]);
    });

    it('marks it FAILED, without internals, on the last attempt', async () => {
      const row = await queuedExport();
      await expect(runCustomerExport(deps(), row.id, { lastAttempt: true, chunkSize: 1, afterChunk: () => { throw new Error('disk full at /secret/path'); } })).rejects.toThrow();
      expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'FAILED', error: 'The export failed; start a new one.' });
    });
  });
});

describe('the export worker (pg-boss)', () => {
  let boss: JobQueue;
  afterAll(async () => {
    await boss?.stop({ graceful: false, timeout: 2000 });
  });

  describe('when an attempt dies midway', () => {
    it('the retry runs the export again from scratch and delivers a complete file', async () => {
      boss = await startJobQueue(t.database.url, silentLogger, { schedules: false });
      const services = { db: t.db, clock: t.clock, logger: silentLogger, config: { ...t.config, dataDir }, jobs: boss };
      let attempts = 0;
      const killedAt: number[] = [];
      await registerCustomerExportJobs(boss, services, {
        queueOptions: { retryDelay: 0, retryBackoff: false },
        pollingIntervalSeconds: 0.5,
        runner: exportInThisProcess(services, {
          chunkSize: 1,
          afterChunk: (n) => {
            if (n === 1) attempts++;
            if (attempts === 1 && n === 2) {
              killedAt.push(n);
              throw new Error('process killed'); // the first attempt dies after two of four chunks
            }
          },
        }),
      });
      const app = createApp(services);
      const gql = async (query: string, variables: Record<string, unknown>) =>
        (await (await app.fetch(new Request('http://test.local/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...owner }, body: JSON.stringify({ query, variables }) }))).json()) as {
          data: Record<string, { status: string; rowsDone: number; downloadUrl: string | null; id: string } & { export: { id: string } }>;
        };
      const started = await gql('mutation($input: StartCustomerExportInput!) { startCustomerExport(input: $input) { export { id status } userErrors { code } } }', {
        input: { scope: 'ALL', format: 'CSV' },
      });
      const id = started.data['startCustomerExport']!.export.id;

      let state = { status: 'QUEUED', rowsDone: 0, downloadUrl: null as string | null, id };
      for (let i = 0; i < 120 && state.status !== 'SUCCEEDED' && state.status !== 'FAILED'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        state = (await gql('query($id: ID!) { export(id: $id) { id status rowsDone downloadUrl } }', { id })).data['export']!;
      }
      expect(killedAt).toEqual([2]);
      expect(attempts).toBe(2);
      expect(state.status).toBe('SUCCEEDED');
      expect(state.rowsDone).toBe(4);
      const url = new URL(state.downloadUrl!);
      const file = Buffer.from(await (await download(`${url.pathname}${url.search}`)).arrayBuffer());
      expect(file).toEqual(await directExport('ALL'));
      expect((parse(file, { bom: true, columns: true }) as unknown[]).length).toBe(4);
      expect(gid('Export', Number(url.pathname.split('/')[2]))).toBe(id);
      await boss.stop({ graceful: false, timeout: 1000 });
    }, 60_000);
  });

  describe('when the queue gives up on a job whose worker stopped answering', () => {
    it('marks the export FAILED with a message for the client, through the dead letter queue', async () => {
      boss = await startJobQueue(t.database.url, silentLogger, { schedules: false });
      const services = { db: t.db, clock: t.clock, logger: silentLogger, config: { ...t.config, dataDir }, jobs: boss };
      let hung = false;
      await registerCustomerExportJobs(boss, services, {
        pollingIntervalSeconds: 0.5,
        runner: exportInThisProcess(services, {
          chunkSize: 1,
          afterChunk: () => {
            hung = true; // the worker stops answering mid-export, as a dead process would
            return new Promise<void>(() => {});
          },
        }),
      });
      const row = await queuedExport();
      await boss.send(CUSTOMER_EXPORT_QUEUE, { exportId: row.id }, { retryLimit: 0 });
      for (let i = 0; i < 200 && !hung; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'RUNNING' });

      // What pg-boss does when the job's heartbeat stops: the job fails, and with no retry left goes to the dead letter queue.
      const [job] = await t.db.$queryRaw<{ id: string }[]>`SELECT id::text FROM pgboss.job WHERE name = ${CUSTOMER_EXPORT_QUEUE} AND data->>'exportId' = ${String(row.id)} AND state = 'active'`;
      await boss.fail(CUSTOMER_EXPORT_QUEUE, job!.id, { message: 'heartbeat lost' });
      let done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
      for (let i = 0; i < 100 && done.status === 'RUNNING'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
      }
      expect(done).toMatchObject({ status: 'FAILED', error: ABANDONED_EXPORT_ERROR, filePath: null });
      await boss.stop({ graceful: false, timeout: 1000 });
    }, 60_000);
  });

  describe('when the queue stops midway and a new one starts', () => {
    it('the new worker runs the export from scratch to a complete file', async () => {
      const config = { ...t.config, dataDir };
      const row = await queuedExport();
      const first = await startJobQueue(t.database.url, silentLogger, { schedules: false });
      let stopping: Promise<void> | null = null;
      const firstServices = { db: t.db, clock: t.clock, logger: silentLogger, config, jobs: first };
      await registerCustomerExportJobs(first, firstServices, {
        queueOptions: { retryDelay: 0, retryBackoff: false },
        pollingIntervalSeconds: 0.5,
        runner: exportInThisProcess(firstServices, {
          chunkSize: 1,
          afterChunk: async (n) => {
            if (n !== 2 || stopping) return;
            stopping = first.stop({ graceful: false, timeout: 1000 }); // the process is going down mid-export
            for (let i = 0; i < 100; i++) {
              const [job] = await t.db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE name = 'customer-export' AND data->>'exportId' = ${String(row.id)}`;
              if (job?.state !== 'active') return;
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
          },
        }),
      });
      await first.send('customer-export', { exportId: row.id });
      for (let i = 0; i < 200 && !stopping; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      await stopping;
      for (let i = 0; i < 100 && (await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).status !== 'QUEUED'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'QUEUED', filePath: null });

      boss = await startJobQueue(t.database.url, silentLogger, { schedules: false });
      const services = { db: t.db, clock: t.clock, logger: silentLogger, config, jobs: boss };
      // The new worker runs it as production does: in an export process of its own.
      await registerCustomerExportJobs(boss, services, { pollingIntervalSeconds: 0.5, runner: exportInItsOwnProcess(services, t.database.url, { chunkSize: 1 }) });
      let done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
      for (let i = 0; i < 120 && done.status !== 'SUCCEEDED' && done.status !== 'FAILED'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
      }
      expect(done).toMatchObject({ status: 'SUCCEEDED', rowsDone: 4 });
      expect(await readFile(done.filePath!)).toEqual(await directExport('ALL'));
    }, 60_000);
  });
});

describe('an export process (how the server runs each export)', () => {
  const CUSTOMERS = 1000;
  let big: number;
  beforeAll(async () => {
    // A partner with enough customers that an export read one customer at a time can be stopped midway.
    big = (await createPartner(t.db)).id;
    await createBulkCustomers(t.db, big, CUSTOMERS);
  }, 60_000);

  const services = () => ({ db: t.db, clock: t.clock, logger: silentLogger, config: { ...t.config, dataDir }, jobs: null });
  const bigExport = () => t.db.export.create({ data: { partnerId: big, format: 'CSV', filter: storeFilter({ scope: 'ALL' }), status: 'QUEUED' } });
  const partials = async (exportId: number) => (await readdir(exportsDir(dataDir))).filter((name) => name.startsWith(`export-${exportId}.`) && name.endsWith('.part'));

  /** Starts one attempt of `exportId`, read a customer at a time, and resolves once it is a few customers in. */
  async function attemptMidway(exportId: number, signal = new AbortController().signal) {
    let child: ChildProcess | null = null;
    const attempt = exportInItsOwnProcess(services(), t.database.url, { chunkSize: 1, onStart: (started) => (child = started) })(exportId, { lastAttempt: false, signal });
    attempt.catch(() => {});
    for (let i = 0; i < 1000 && (await t.db.export.findUniqueOrThrow({ where: { id: exportId } })).rowsDone < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const midway = await t.db.export.findUniqueOrThrow({ where: { id: exportId } });
    expect(midway.status).toBe('RUNNING');
    expect(midway.rowsDone).toBeGreaterThanOrEqual(3);
    expect(midway.rowsDone).toBeLessThan(CUSTOMERS);
    return { attempt, child: child! as ChildProcess };
  }

  it('writes the same file as an export on this process, and answers with its outcome and peak memory', async () => {
    const row = await queuedExport();
    const result = await runExportProcess({ exportId: row.id, lastAttempt: false, databaseUrl: t.database.url, dataDir, now: NOW });
    expect(result.outcome).toBe('SUCCEEDED');
    expect(result.maxRssMB).toBeGreaterThan(0);
    const done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
    expect(done).toMatchObject({ status: 'SUCCEEDED', rowsDone: 4, totalRows: 4, error: null });
    expect(await readFile(done.filePath!)).toEqual(await directExport('ALL'));
    expect(done.expiresAt!.getTime() - done.finishedAt!.getTime()).toBe(24 * 3600_000);
  }, 30_000);

  it('killed midway, leaves no file under the final name; the server puts the export back in the queue and the next attempt delivers it whole', async () => {
    const row = await bigExport();
    const { attempt, child } = await attemptMidway(row.id);
    child.kill('SIGKILL');
    await expect(attempt).rejects.toBeInstanceOf(ExportProcessDied);
    expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'QUEUED', rowsDone: 0, filePath: null });
    expect(await partials(row.id)).toHaveLength(1); // what the killed process was writing: the next attempt removes it

    expect(await exportInItsOwnProcess(services(), t.database.url)(row.id, { lastAttempt: false, signal: new AbortController().signal })).toBe('SUCCEEDED');
    const done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
    expect(done).toMatchObject({ status: 'SUCCEEDED', rowsDone: CUSTOMERS });
    const rows = parse(await readFile(done.filePath!), { bom: true, columns: true }) as { email: string }[];
    expect(rows.map((r) => r.email)).toEqual(Array.from({ length: CUSTOMERS }, (_, i) => `bulk${i + 1}@example.test`));
    expect(await partials(row.id)).toEqual([]);
  }, 60_000);

  it('asked to stop (the worker is stopping), removes its partial file and puts the export back in the queue', async () => {
    const row = await bigExport();
    const stop = new AbortController();
    const { attempt } = await attemptMidway(row.id, stop.signal);
    stop.abort();
    await expect(attempt).rejects.toThrow(/asked to stop/);
    expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'QUEUED', rowsDone: 0, filePath: null });
    expect(await partials(row.id)).toEqual([]);
  }, 60_000);

  it('ends when the server that started it goes away, and puts its export back in the queue', async () => {
    const row = await bigExport();
    const { attempt, child } = await attemptMidway(row.id);
    child.disconnect(); // what the process sees when the server dies: its IPC channel closes
    await expect(attempt).rejects.toBeInstanceOf(ExportProcessDied);
    expect(child.exitCode).toBe(1);
    expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'QUEUED', rowsDone: 0, filePath: null });
    expect(await partials(row.id)).toEqual([]);
  }, 60_000);

  it('reports its progress in steps of a tenth of its 1,000 customers by default (one 2,000-customer chunk would jump from 0 to done)', async () => {
    const row = await bigExport();
    const progress: number[] = [];
    const totals: (number | null)[] = [];
    const outcome = await runCustomerExport(deps(), row.id, {
      lastAttempt: false,
      afterChunk: async (n) => {
        progress.push(n);
        totals.push((await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).totalRows);
      },
    });
    expect(outcome).toBe('SUCCEEDED');
    expect(progress).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 100));
    expect(new Set(totals)).toEqual(new Set([CUSTOMERS]));
  }, 60_000);
});

describe('starting an export', () => {
  it('wakes the worker on this process at once instead of waiting for its next poll', async () => {
    const boss = await startJobQueue(t.database.url, silentLogger, { schedules: false });
    try {
      const services = { db: t.db, clock: t.clock, logger: silentLogger, config: { ...t.config, dataDir }, jobs: boss };
      // A worker that would look for jobs only every 60 s after its first look.
      await registerCustomerExportJobs(boss, services, { pollingIntervalSeconds: 60, runner: exportInThisProcess(services) });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const row = await queuedExport();
      const queuedAt = Date.now();
      await runAfterCommit([{ kind: 'run-export', exportId: row.id }], services);
      let done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
      for (let i = 0; i < 200 && done.status !== 'SUCCEEDED'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        done = await t.db.export.findUniqueOrThrow({ where: { id: row.id } });
      }
      expect(done.status).toBe('SUCCEEDED');
      expect(Date.now() - queuedAt).toBeLessThan(30_000);
    } finally {
      await boss.stop({ graceful: false, timeout: 1000 });
    }
  }, 60_000);
});
