import { forgetPriceBook } from './catalog/price-book.ts';
import { enqueueCustomerExport } from './jobs/customer-export-job.ts';
import { kickOutbox } from './jobs/outbox-jobs.ts';
import type { ApiKeyCache } from './auth/verified-api-keys.ts';
import { kickWebhooks } from './jobs/webhook-jobs.ts';
import type { Services } from './services.ts';

/**
 * Work a use case asks for once its transaction has committed. Use cases return it with their result
 * (`ok(value, [{ kind: 'deliver-outbox' }])`); the mutation adapter, a job or a CLI runs it with
 * `runAfterCommit`. Nothing here may change what the use case decided: each item only starts work whose
 * rows are already committed, so a process that dies before running it loses nothing (the schedules
 * catch up).
 */
export type AfterCommit =
  /** Mail was written to the outbox: deliver it now rather than at the next minute. */
  | { kind: 'deliver-outbox' }
  /** Webhook events were written: deliver them now rather than at the next minute. */
  | { kind: 'deliver-webhooks' }
  /** An export was recorded as QUEUED: hand it to the export worker. */
  | { kind: 'run-export'; exportId: number }
  /** An API key was revoked: drop it from the cache of verified keys, so it is refused at once. */
  | { kind: 'forget-api-key'; apiKeyId: number }
  /** Prices were scheduled: drop this process's price book, so the next read sees them. */
  | { kind: 'forget-prices' };

export const DELIVER_OUTBOX: AfterCommit = { kind: 'deliver-outbox' };
export const DELIVER_WEBHOOKS: AfterCommit = { kind: 'deliver-webhooks' };
export const FORGET_PRICES: AfterCommit = { kind: 'forget-prices' };

type AfterCommitServices = Pick<Services, 'db' | 'clock' | 'jobs' | 'logger'> & { verifiedApiKeys?: Pick<ApiKeyCache, 'forget'> };

/** Runs each item once, in order. Where no job queue runs (most tests), jobs are not started. */
export async function runAfterCommit(work: readonly AfterCommit[] | undefined, services: AfterCommitServices): Promise<void> {
  const seen = new Set<string>();
  for (const item of work ?? []) {
    const key = JSON.stringify(item);
    if (seen.has(key)) continue;
    seen.add(key);
    await runOne(item, services);
  }
}

async function runOne(item: AfterCommit, services: AfterCommitServices): Promise<void> {
  switch (item.kind) {
    case 'deliver-outbox':
      await kickOutbox(services.jobs);
      return;
    case 'deliver-webhooks':
      await kickWebhooks(services.jobs);
      return;
    case 'forget-prices':
      forgetPriceBook(services.db);
      return;
    case 'forget-api-key':
      await services.verifiedApiKeys?.forget(item.apiKeyId);
      return;
    case 'run-export':
      if (!services.jobs) return;
      try {
        await enqueueCustomerExport(services.jobs, item.exportId);
      } catch (error) {
        services.logger.error('export could not be queued', { exportId: item.exportId, error: (error as Error).message });
        await services.db.export.update({
          where: { id: item.exportId },
          data: { status: 'FAILED', error: 'The export could not be queued; start it again.', finishedAt: services.clock.now() },
        });
      }
      return;
  }
}
