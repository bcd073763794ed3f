import type { Services } from '../services.ts';
import { refreshStaleCustomerSpend } from '../reports/customer-spend.ts';
import { scheduleHousekeeping, type JobQueue } from './queue.ts';

export const CUSTOMER_SPEND_QUEUE = 'customer-spend-refresh';
/** Cron, UTC: every minute, so a price change that took effect is in CustomerSpend within a minute. */
export const CUSTOMER_SPEND_CRON = '* * * * *';

/** Reprices CustomerSpend rows once a price change has taken effect (until then reports read live figures). */
export async function registerCustomerSpendJobs(jobs: JobQueue, services: Services): Promise<void> {
  await scheduleHousekeeping(jobs, {
    queue: CUSTOMER_SPEND_QUEUE,
    cron: CUSTOMER_SPEND_CRON,
    run: async () => {
      const repriced = await refreshStaleCustomerSpend(services.db);
      if (repriced) services.logger.info('customer spend repriced', { customers: repriced });
    },
  });
}
