import { announceIdleLicenses } from '../licenses/announce-idle-licenses.ts';
import type { Services } from '../services.ts';
import { kickWebhooks } from './webhook-jobs.ts';
import { scheduleHousekeeping, type JobQueue } from './queue.ts';

export const LICENSE_IDLE_QUEUE = 'license-idle';
/** Cron, UTC: once a day, announce the licenses that went quiet (license.idle). */
export const LICENSE_IDLE_CRON = '20 4 * * *';

export async function registerLicenseIdleJobs(jobs: JobQueue, services: Services): Promise<void> {
  await scheduleHousekeeping(jobs, {
    queue: LICENSE_IDLE_QUEUE,
    cron: LICENSE_IDLE_CRON,
    run: async () => {
      const announced = await announceIdleLicenses(services.db, services.clock.now());
      if (announced > 0) {
        services.logger.info('idle licenses announced', { announced });
        await kickWebhooks(services.jobs);
      }
    },
  });
}
