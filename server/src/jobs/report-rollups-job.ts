import type { Services } from '../context.ts';
import { compactReportRollups } from '../domain/reports/compact-report-rollups.ts';
import { ensureQueue, type JobQueue } from './queue.ts';

export const REPORT_ROLLUPS_QUEUE = 'report-rollups-compact';
/** Cron, UTC: every minute, so the rollups hold about a minute's writes beyond one row per key. */
export const REPORT_ROLLUPS_CRON = '* * * * *';

/** Folds the rows lease writes appended to the report rollups. */
export async function registerReportRollupJobs(jobs: JobQueue, services: Services): Promise<void> {
  await ensureQueue(jobs, REPORT_ROLLUPS_QUEUE, { policy: 'exclusive', retryLimit: 1 });
  await jobs.work(REPORT_ROLLUPS_QUEUE, async () => {
    const folded = await compactReportRollups(services.db);
    if (folded) services.logger.debug('report rollups compacted', { rows: folded });
  });
  await jobs.schedule(REPORT_ROLLUPS_QUEUE, REPORT_ROLLUPS_CRON, {}, { tz: 'UTC', missed: 'once' });
}
