import type { Services } from '../services.ts';
import { deleteExpiredExports } from '../exports/delete-expired-exports.ts';
import { scheduleHousekeeping, type JobQueue } from './queue.ts';

export const EXPORT_SWEEP_QUEUE = 'export-sweep';
/** Cron, UTC: every hour, delete the files of exports whose download link expired. */
export const EXPORT_SWEEP_CRON = '40 * * * *';

/** The hourly sweep of DATA_DIR/exports (see deleteExpiredExports); one run at a time. */
export async function registerExportSweepJobs(jobs: JobQueue, services: Services): Promise<void> {
  await scheduleHousekeeping(jobs, {
    queue: EXPORT_SWEEP_QUEUE,
    cron: EXPORT_SWEEP_CRON,
    run: async () => {
      const deleted = await deleteExpiredExports(services.db, services.config.dataDir, services.clock.now());
      if (deleted.expired.length || deleted.leftovers.length) {
        services.logger.info('expired exports deleted', { expired: deleted.expired.length, leftovers: deleted.leftovers.length });
      }
    },
  });
}
