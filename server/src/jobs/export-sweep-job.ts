import type { Services } from '../context.ts';
import { deleteExpiredExports } from '../domain/exports/delete-expired-exports.ts';
import { ensureQueue, type JobQueue } from './queue.ts';

export const EXPORT_SWEEP_QUEUE = 'export-sweep';
/** Cron, UTC: every hour, delete the files of exports whose download link expired. */
export const EXPORT_SWEEP_CRON = '40 * * * *';

/** The hourly sweep of DATA_DIR/exports (see deleteExpiredExports); one run at a time. */
export async function registerExportSweepJobs(jobs: JobQueue, services: Services): Promise<void> {
  await ensureQueue(jobs, EXPORT_SWEEP_QUEUE, { policy: 'exclusive', retryLimit: 1 });
  await jobs.work(EXPORT_SWEEP_QUEUE, async () => {
    const deleted = await deleteExpiredExports(services.db, services.config.dataDir, services.clock.now());
    if (deleted.expired.length || deleted.leftovers.length) {
      services.logger.info('expired exports deleted', { expired: deleted.expired.length, leftovers: deleted.leftovers.length });
    }
  });
  await jobs.schedule(EXPORT_SWEEP_QUEUE, EXPORT_SWEEP_CRON, {}, { tz: 'UTC', missed: 'once' });
}
