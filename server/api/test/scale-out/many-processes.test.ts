import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@leaseboard/domain/clock';
import { exportsDir } from '@leaseboard/domain/exports/export-files';
import { BILLING_MONTH_QUEUE, BILLING_PARTNER_QUEUE } from '@leaseboard/domain/jobs/billing-jobs';
import { ABANDONED_EXPORT_QUEUE, CUSTOMER_EXPORT_QUEUE } from '@leaseboard/domain/jobs/customer-export-job';
import { OUTBOX_QUEUE } from '@leaseboard/domain/jobs/outbox-jobs';
import { startJobQueue, type JobQueue } from '@leaseboard/domain/jobs/queue';
import { silentLogger } from '@leaseboard/domain/logger';
import { leaseActions } from '@leaseboard/domain/test/billing-helpers';
import { startSmtpPeer, type SmtpPeer } from '@leaseboard/domain/test/smtp-peer';
import { createTestServices, type TestServices } from '@leaseboard/domain/test/test-services';
import { apiKeyFor, catalogOf, createPartner, gid, product, userWithPassword } from '../factories.ts';
import { eventually, startServerProcess, type ServerProcess } from './processes.ts';

/**
 * Two API processes and two workers, as `pnpm start` runs them with PROCESS_ROLE, on one PostgreSQL and
 * the local Redis. Many processes share one real PostgreSQL server; the embedded database belongs to one
 * process, so this file runs only with TEST_DATABASE_URL (CI's PostgreSQL run).
 */
const onPostgres = Boolean(process.env['TEST_DATABASE_URL']);
const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const password = 'correct horse battery staple';

let t: TestServices;
let smtp: SmtpPeer;
let boss: JobQueue;
let dataDir: string;
let apis: ServerProcess[] = [];
let workers: ServerProcess[] = [];
let owner: { email: string };
let partnerId: number;
let automation: { headers: Record<string, string> };

async function gql(on: ServerProcess, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${on.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, any>; errors?: unknown[] }, headers: response.headers };
}

async function jobStates(queue: string): Promise<{ state: string; retry_count: number }[]> {
  return t.db.$queryRawUnsafe(`SELECT state::text, retry_count FROM pgboss.job WHERE name = $1 ORDER BY created_on`, queue);
}

describe.skipIf(!onPostgres)('two API processes and two workers on PostgreSQL and Redis', () => {
  beforeAll(async () => {
    t = await createTestServices();
    smtp = await startSmtpPeer();
    dataDir = mkdtempSync(join(tmpdir(), 'lb-scale-out-'));

    const partner = await createPartner(t.db);
    partnerId = partner.id;
    owner = await userWithPassword(t.db, partner.id, 'OWNER', password);
    automation = await apiKeyFor(t.db, partner.id, ['leases:read', 'leases:write', 'customers:export']);
    // Two partners with a lease in March 2025, for the month run.
    const march = leaseActions(t.db, new ManualClock('2025-03-10T09:00:00Z'), await catalogOf(t.db));
    await march.start(partner.id, 'SM-PRO-250');
    await march.start((await createPartner(t.db)).id, 'SM-PRO-250');

    // The export queue as production makes it, but with the shortest heartbeat pg-boss allows (10 s, not
    // 30 s) and a 1 s retry, so a dead worker's export is handed out within this test's time.
    boss = await startJobQueue(t.database.url, silentLogger, { schedules: false, supervise: false });
    await boss.createQueue(ABANDONED_EXPORT_QUEUE, { retryLimit: 5, retryDelay: 30 });
    await boss.createQueue(CUSTOMER_EXPORT_QUEUE, { retryLimit: 3, retryDelay: 1, expireInSeconds: 3600, heartbeatSeconds: 10, deadLetter: ABANDONED_EXPORT_QUEUE });

    const env = {
      DATABASE_URL: t.database.url,
      REDIS_URL: redisUrl,
      SMTP_URL: smtp.url,
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    };
    // Workers first: they are the ones that create the queues in production.
    [workers, apis] = await Promise.all([
      Promise.all([startServerProcess('worker', env), startServerProcess('worker', env)]),
      Promise.all([startServerProcess('api', env), startServerProcess('api', env)]),
    ]);
  }, 150_000);

  afterAll(async () => {
    await Promise.all([...apis, ...workers].map((p) => p.stop()));
    await boss?.stop({ graceful: false, close: true } as never);
    await smtp?.close();
    await t?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  describe('a session made on one API process', () => {
    it('works on the other', async () => {
      const signIn = await gql(apis[0]!, 'mutation($input: SignInInput!) { signIn(input: $input) { user { email } userErrors { code } } }', {
        input: { email: owner.email, password },
      });
      expect(signIn.body.data?.['signIn']).toEqual({ user: { email: owner.email }, userErrors: [] });
      const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

      const me = await gql(apis[1]!, '{ me { label } }', {}, { cookie });
      expect(me.body.data?.['me']).toEqual({ label: owner.email });
    });
  });

  describe('an API key revoked on one API process', () => {
    it('is refused by both at once, though both had just verified it', async () => {
      const key = await apiKeyFor(t.db, partnerId, ['leases:read']);
      for (const api of apis) expect((await gql(api, '{ me { label } }', {}, key.headers)).status).toBe(200);
      const signIn = await gql(apis[1]!, 'mutation($input: SignInInput!) { signIn(input: $input) { userErrors { code } } }', { input: { email: owner.email, password } });
      const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

      const revoked = await gql(apis[0]!, 'mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { userErrors { code } } }', { input: { apiKeyId: gid('ApiKey', key.key.id) } }, { cookie });
      expect(revoked.body.data?.['revokeApiKey']).toEqual({ userErrors: [] });

      const after = await Promise.all(apis.map((api) => gql(api, '{ me { label } }', {}, key.headers)));
      expect(after.map((r) => r.status)).toEqual([401, 401]);
    });
  });

  describe('a lease started through one API process', () => {
    it('reaches a liveUpdates subscription on the other, once, through Redis', async () => {
      const abort = new AbortController();
      const stream = await fetch(`${apis[1]!.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...automation.headers },
        body: JSON.stringify({ query: 'subscription { liveUpdates { type lease { leaseNumber } } }' }),
        signal: abort.signal,
      });
      const reader = stream.body!.getReader();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = await gql(apis[0]!, 'mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { leaseNumber } userErrors { code } } }', {
        input: { productId: product(await catalogOf(t.db), 'SM-PRO-250').gid, customer: { email: 'live@cart.test' } },
      }, automation.headers);
      const leaseNumber = started.body.data?.['startLease'].lease.leaseNumber as number;
      const marker = await gql(apis[0]!, 'mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { leaseNumber } } }', {
        input: { productId: product(await catalogOf(t.db), 'SM-PRO-250').gid, customer: { email: 'marker@cart.test' } },
      }, automation.headers);
      const markerNumber = marker.body.data?.['startLease'].lease.leaseNumber as number;

      let text = '';
      while (!text.includes(`"leaseNumber":${markerNumber}`)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      abort.abort();
      const heard = [...text.matchAll(/"type":"lease\.started","lease":\{"leaseNumber":(\d+)\}/g)].map((m) => Number(m[1]));
      expect(heard).toEqual([leaseNumber, markerNumber]);
    });
  });

  describe('a mail queued by a request', () => {
    it('is delivered once, by one of the workers', async () => {
      const email = 'scale-out-customer@example.test';
      const catalog = await catalogOf(t.db);
      const started = await gql(apis[1]!, 'mutation($input: StartLeaseInput!) { startLease(input: $input) { lease { id } userErrors { code } } }', {
        input: { productId: gid('Product', product(catalog, 'SM-PRO-250').id), customer: { email } },
      }, automation.headers);
      expect(started.body.data?.['startLease']?.userErrors).toEqual([]);

      await smtp.waitFor((mail) => mail.envelope.to.includes(email), 30_000);
      await eventually('the outbox to be empty', async () => (await t.db.outboxMessage.count({ where: { status: { not: 'SENT' } } })) === 0);
      // Two more delivery runs, one per worker if they want them, find nothing left to send.
      await boss.send(OUTBOX_QUEUE, {});
      await boss.send(OUTBOX_QUEUE, {});
      await eventually('the delivery runs to finish', async () => (await jobStates(OUTBOX_QUEUE)).every((job) => job.state === 'completed'));
      expect(smtp.messages.filter((mail) => mail.envelope.to.includes(email))).toHaveLength(1);
    }, 60_000);
  });

  describe('the monthly billing job, fired by both workers', () => {
    it('bills each partner once', async () => {
      await Promise.all([boss.send(BILLING_MONTH_QUEUE, { period: '2025-03' }), boss.send(BILLING_MONTH_QUEUE, { period: '2025-03' })]);

      await eventually('both partners to be billed', async () => (await t.db.invoice.count({ where: { period: '2025-03' } })) >= 2);
      await eventually('the billing jobs to finish', async () => {
        const jobs = [...(await jobStates(BILLING_MONTH_QUEUE)), ...(await jobStates(BILLING_PARTNER_QUEUE))];
        return jobs.every((job) => job.state === 'completed');
      });
      expect(await t.db.invoice.count({ where: { period: '2025-03' } })).toBe(2);
      expect((await jobStates(BILLING_PARTNER_QUEUE)).filter((job) => job.state === 'completed')).toHaveLength(2);
    }, 60_000);
  });

  describe('an export whose worker is SIGKILLed mid-job', () => {
    it('is finished once, by the other worker', async () => {
      // Hold the leases so the export stops midway (it counts them first), on whichever worker takes it.
      const lock = new pg.Client({ connectionString: t.database.url });
      await lock.connect();
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE "Lease" IN ACCESS EXCLUSIVE MODE');
      let exportId: number;
      try {
        const started = await gql(apis[0]!, 'mutation($input: StartCustomerExportInput!) { startCustomerExport(input: $input) { export { id } userErrors { code } } }', {
          input: { format: 'CSV', scope: 'ALL' },
        }, automation.headers);
        expect(started.body.data?.['startCustomerExport']?.userErrors).toEqual([]);
        exportId = (await t.db.export.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;

        // The worker that took the job runs the export in a process of its own (export-process.ts).
        const busy = await eventually('a worker to start the export', async () => workers.find((w) => w.children().some((args) => args.includes('export-process'))), 30_000);
        busy.killHard();
        await new Promise<void>((done) => (busy.child.exitCode !== null || busy.child.signalCode !== null ? done() : busy.child.once('exit', () => done())));
      } finally {
        await lock.query('ROLLBACK');
        await lock.end();
      }

      await eventually('the export job to complete', async () => (await jobStates(CUSTOMER_EXPORT_QUEUE))[0]?.state === 'completed', 60_000);
      const done = await t.db.export.findUniqueOrThrow({ where: { id: exportId! } });
      expect(done.status).toBe('SUCCEEDED');
      expect(done.rowsDone).toBeGreaterThan(0);
      expect(readdirSync(exportsDir(dataDir)).filter((name) => name.startsWith(`export-${exportId!}`))).toEqual([`export-${exportId!}.csv`]);
      expect(await jobStates(CUSTOMER_EXPORT_QUEUE)).toEqual([{ state: 'completed', retry_count: 1 }]);
    }, 90_000);
  });
});
