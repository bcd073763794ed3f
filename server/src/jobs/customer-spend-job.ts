import type { Services } from '../context.ts';
import { refreshStaleCustomerSpend } from '../domain/reports/customer-spend.ts';
import { ensureQueue, type JobQueue } from './queue.ts';

export const CUSTOMER_SPEND_QUEUE = 'customer-spend-refresh';
/** Cron, UTC: every minute, so a price change that took effect is in CustomerSpend within a minute. */
export const CUSTOMER_SPEND_CRON = '* * * * *';

/** Reprices CustomerSpend rows once a price change has taken effect (until then reports read live figures). */
export async function registerCustomerSpendJobs(jobs: JobQueue, services: Services): Promise<void> {
  await ensureQueue(jobs, CUSTOMER_SPEND_QUEUE, { policy: 'exclusive', retryLimit: 1 });
  await jobs.work(CUSTOMER_SPEND_QUEUE, async () => {
    const repriced = await refreshStaleCustomerSpend(services.db);
    if (repriced) services.logger.info('customer spend repriced', { customers: repriced });
  });
  await jobs.schedule(CUSTOMER_SPEND_QUEUE, CUSTOMER_SPEND_CRON, {}, { tz: 'UTC', missed: 'once' });
}
