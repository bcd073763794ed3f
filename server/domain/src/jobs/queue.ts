import { PgBoss } from 'pg-boss';
import type { Logger } from '../logger.ts';

export type JobQueue = PgBoss;

/**
 * The job queue: pg-boss on the same PostgreSQL (embedded or real), in its own `pgboss` schema.
 * Jobs survive restarts because they are rows; singleton keys keep duplicates out.
 */
export async function startJobQueue(databaseUrl: string, logger: Logger, options: { schedules?: boolean } = {}): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    max: 4,
    schedule: options.schedules ?? true,
    supervise: true,
  });
  boss.on('error', (error) => logger.error('job queue error', { error }));
  await boss.start();
  return boss;
}

/** Creates the queue if it does not exist yet (idempotent). */
export async function ensureQueue(boss: JobQueue, name: string, options: Parameters<JobQueue['createQueue']>[1] = {}): Promise<void> {
  if (!(await boss.getQueue(name))) await boss.createQueue(name, options);
}

/**
 * A housekeeping job: `run` on the cron schedule `cron` (UTC), one run at a time (an exclusive queue), one
 * retry, and a single catch-up run for the slots missed while no server was up.
 */
export async function scheduleHousekeeping(boss: JobQueue, { queue, cron, run }: { queue: string; cron: string; run: () => Promise<void> }): Promise<void> {
  await ensureQueue(boss, queue, { policy: 'exclusive', retryLimit: 1 });
  await boss.work(queue, run);
  await boss.schedule(queue, cron, {}, { tz: 'UTC', missed: 'once' });
}
