import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner } from '../test/factories.ts';
import { createTestServices, type TestServices } from '../test/test-services.ts';
import { DELIVER_OUTBOX, runAfterCommit } from './after-commit.ts';
import { CUSTOMER_EXPORT_QUEUE } from './jobs/customer-export-job.ts';
import { OUTBOX_QUEUE } from './jobs/outbox-jobs.ts';
import { ensureQueue, startJobQueue, type JobQueue } from './jobs/queue.ts';
import { silentLogger } from './logger.ts';

describe('runAfterCommit', () => {
  let t: TestServices;
  let jobs: JobQueue;
  let partnerId: number;

  beforeAll(async () => {
    t = await createTestServices();
    jobs = await startJobQueue(t.database.url, silentLogger, { schedules: false });
    await ensureQueue(jobs, OUTBOX_QUEUE);
    await ensureQueue(jobs, CUSTOMER_EXPORT_QUEUE);
    partnerId = (await createPartner(t.db)).id;
  });
  afterAll(async () => {
    await jobs.stop({ graceful: false, timeout: 2_000 }).catch(() => null);
    await t.close();
  });

  const services = () => ({ db: t.db, clock: t.clock, logger: silentLogger, jobs });
  const queuedExport = () =>
    t.db.export.create({ data: { partnerId, format: 'CSV', filter: { scope: 'ALL' }, status: 'QUEUED', createdAt: t.clock.now() } });

  describe('when a use case queued mail', () => {
    it('asks the outbox worker to deliver now, once however often it is named', async () => {
      await runAfterCommit([DELIVER_OUTBOX, DELIVER_OUTBOX], services());
      expect(await jobs.findJobs(OUTBOX_QUEUE)).toHaveLength(1);
    });
  });

  describe('when a use case recorded an export', () => {
    it('queues the job that writes it', async () => {
      const row = await queuedExport();
      await runAfterCommit([{ kind: 'run-export', exportId: row.id }], services());
      const found = await jobs.findJobs(CUSTOMER_EXPORT_QUEUE, { data: { exportId: row.id } });
      expect(found).toHaveLength(1);
      expect((await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('QUEUED');
    });

    it('marks the export FAILED at once when the queue refuses it', async () => {
      const row = await queuedExport();
      const stopped = await startJobQueue(t.database.url, silentLogger, { schedules: false });
      await stopped.stop({ graceful: false, timeout: 2_000 });
      await runAfterCommit([{ kind: 'run-export', exportId: row.id }], { ...services(), jobs: stopped });
      expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'FAILED', error: 'The export could not be queued; start it again.' });
    });
  });

  describe('when an API key was revoked', () => {
    it('forgets it in the cache of verified keys, even where no job queue runs', async () => {
      const forgotten: number[] = [];
      await runAfterCommit([{ kind: 'forget-api-key', apiKeyId: 7 }], { ...services(), jobs: null, verifiedApiKeys: { forget: (id) => forgotten.push(id) } });
      expect(forgotten).toEqual([7]);
    });
  });
});
