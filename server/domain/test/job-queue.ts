import type { Config } from '../src/config.ts';
import type { Services } from '../src/services.ts';
import { startJobQueue, type JobQueue } from '../src/jobs/queue.ts';
import { silentLogger } from '../src/logger.ts';
import type { TestServices } from './test-services.ts';

/**
 * A pg-boss queue on the test app's database, without the cron clock (tests send jobs themselves), with one
 * module's jobs registered. Stop it with `jobs.stop({ graceful: false, timeout: 2_000 })`.
 */
export async function jobQueueWith(
  t: TestServices,
  register: (jobs: JobQueue, services: Services) => Promise<void>,
  config: Partial<Config> = {},
): Promise<JobQueue> {
  const jobs = await startJobQueue(t.database.url, silentLogger, { schedules: false });
  await register(jobs, { db: t.db, clock: t.clock, logger: silentLogger, config: { ...t.config, ...config }, jobs });
  return jobs;
}
