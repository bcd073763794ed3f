import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '@leaseboard/db';
import { createPartner, startedLease } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { jobQueueWith } from '../../test/job-queue.ts';
import { appendedRollupRows } from '../../test/report-rollups.ts';
import type { JobQueue } from './queue.ts';
import { REPORT_ROLLUPS_CRON, REPORT_ROLLUPS_QUEUE, registerReportRollupJobs } from './report-rollups-job.ts';

let t: TestServices;
let jobs: JobQueue;

beforeAll(async () => {
  t = await createTestServices({ now: '2025-03-15T12:00:00Z' });
  jobs = await jobQueueWith(t, registerReportRollupJobs);
});
afterAll(async () => {
  await jobs?.stop({ graceful: false, timeout: 2_000 });
  await t.close();
});

describe('registerReportRollupJobs on pg-boss', () => {
  it('schedules the compaction every minute in UTC', async () => {
    const schedule = (await jobs.getSchedules()).find((s) => s.name === REPORT_ROLLUPS_QUEUE);
    expect(schedule).toMatchObject({ cron: REPORT_ROLLUPS_CRON, timezone: 'UTC' });
    expect(REPORT_ROLLUPS_CRON).toBe('* * * * *');
  });

  it('folds the rows lease writes appended when the job runs', async () => {
    const partnerId = (await createPartner(t.db)).id;
    for (let i = 0; i < 3; i++) await startedLease(t.db, t.clock, partnerId);
    expect(await appendedRollupRows(t.db)).toBeGreaterThan(0);

    await jobs.send(REPORT_ROLLUPS_QUEUE, {});
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await appendedRollupRows(t.db)) > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await appendedRollupRows(t.db)).toBe(0);
    const { rows } = await poolOf(t.db).query(`SELECT "productId", leases FROM "ActiveLeaseTally" WHERE "partnerId" = $1`, [partnerId]);
    expect(rows).toEqual([{ productId: expect.any(Number), leases: 3 }]);
  }, 60_000);
});
