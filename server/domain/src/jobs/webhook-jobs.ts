import type { Services } from '../services.ts';
import { deliverWebhooks } from '../webhooks/deliver-webhooks.ts';
import { pruneWebhookLog } from '../webhooks/prune-webhook-log.ts';
import { systemResolver } from '../webhooks/url-guard.ts';
import { ensureQueue, scheduleHousekeeping, type JobQueue } from './queue.ts';

export const WEBHOOK_QUEUE = 'webhook-deliver';
export const WEBHOOK_PRUNE_QUEUE = 'webhook-log-prune';

/**
 * Delivers webhooks: every minute (which also catches what a dead process left), and at once when a
 * change emitted an event (kickWebhooks, after its commit). Prunes the 30-day delivery log nightly.
 */
export async function registerWebhookJobs(jobs: JobQueue, services: Services): Promise<void> {
  const sender = services.webhookSender;
  if (!sender) {
    services.logger.warn('no webhook sender: webhooks stay queued');
    return;
  }
  const deps = {
    ...services,
    sender,
    resolve: services.resolve ?? systemResolver,
    allowLoopback: services.config.webhooksAllowLoopback,
    publicUrl: services.config.publicUrl,
  };
  await ensureQueue(jobs, WEBHOOK_QUEUE);
  await jobs.work(WEBHOOK_QUEUE, { pollingIntervalSeconds: 1, batchSize: 1 }, async () => {
    for (;;) {
      const { delivered, failed } = await deliverWebhooks(deps);
      if (delivered + failed === 0) return;
    }
  });
  await jobs.schedule(WEBHOOK_QUEUE, '* * * * *', {}, { tz: 'UTC' });
  await scheduleHousekeeping(jobs, {
    queue: WEBHOOK_PRUNE_QUEUE,
    cron: '17 3 * * *',
    run: async () => {
      const pruned = await pruneWebhookLog(services.db, services.clock.now());
      services.logger.info('webhook log pruned', pruned);
    },
  });
}

/** Asks for a delivery run now; the per-minute schedule catches anything this misses. */
export async function kickWebhooks(jobs: JobQueue | null): Promise<void> {
  await jobs?.send(WEBHOOK_QUEUE, {}).catch(() => null);
}
