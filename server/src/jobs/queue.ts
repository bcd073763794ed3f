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
