import type { Services } from '../services.ts';
import { compactReportRollups } from '../reports/compact-report-rollups.ts';
import { scheduleHousekeeping, type JobQueue } from './queue.ts';

export const REPORT_ROLLUPS_QUEUE = 'report-rollups-compact';
/** Cron, UTC: every minute, so the rollups hold about a minute's writes beyond one row per key. */
export const REPORT_ROLLUPS_CRON = '* * * * *';

/** Folds the rows lease writes appended to the report rollups. */
export async function registerReportRollupJobs(jobs: JobQueue, services: Services): Promise<void> {
  await scheduleHousekeeping(jobs, {
    queue: REPORT_ROLLUPS_QUEUE,
    cron: REPORT_ROLLUPS_CRON,
    run: async () => {
      const folded = await compactReportRollups(services.db);
      if (folded) services.logger.debug('report rollups compacted', { rows: folded });
    },
  });
}
