import { PgBoss } from 'pg-boss';
import type { Logger } from '../logger.ts';

export type JobQueue = PgBoss;

/**
 * The job queue: pg-boss on the same PostgreSQL (embedded or real), in its own `pgboss` schema.
 * Jobs survive restarts because they are rows; singleton keys keep duplicates out. `supervise` (on by
 * default) makes this process one of those that fail jobs whose worker stopped sending heartbeats (a
 * killed process) and refresh the queue counts, every 10 s, so another worker gets such a job soon; an API-only process only sends jobs and
 * turns schedules and supervision off.
 */
export async function startJobQueue(databaseUrl: string, logger: Logger, options: { schedules?: boolean; supervise?: boolean } = {}): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    max: 4,
    schedule: options.schedules ?? true,
    supervise: options.supervise ?? true,
    superviseIntervalSeconds: 10,
    // Heartbeat failures are found in the monitor step, which would otherwise run once a minute.
    monitorIntervalSeconds: 10,
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

/**
 * The queue as an API-only process sees it: registering a module's jobs creates their queues (so the
 * process can send to them before any worker started) but neither works nor schedules them.
 */
export function queuesOnly(boss: JobQueue): JobQueue {
  return new Proxy(boss, {
    get(target, property) {
      if (property === 'work' || property === 'schedule') return async () => null;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
