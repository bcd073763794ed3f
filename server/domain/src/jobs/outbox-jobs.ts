import type { Services } from '../services.ts';
import { deliverOutbox } from '../outbox/deliver-outbox.ts';
import { renderAttachment } from '../outbox/render-attachment.ts';
import { createSmtpTransport } from '../mail/smtp-transport.ts';
import { ensureQueue, type JobQueue } from './queue.ts';

export const OUTBOX_QUEUE = 'outbox-deliver';

/**
 * Sends the outbox over SMTP when SMTP_URL is set: every minute, and at once when a request queued mail
 * (see kickOutbox). Without SMTP_URL nothing is sent and messages wait in the outbox, listed by the API.
 */
export async function registerOutboxJobs(jobs: JobQueue, services: Services): Promise<void> {
  if (!services.config.smtpUrl) {
    services.logger.warn('SMTP_URL is not set: mail stays in the outbox until it is');
    return;
  }
  const transport = createSmtpTransport(services.config.smtpUrl);
  const from = `Leaseboard <no-reply@${new URL(services.config.publicUrl).hostname}>`;
  await ensureQueue(jobs, OUTBOX_QUEUE);
  await jobs.work(OUTBOX_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
    for (;;) {
      const { sent, failed } = await deliverOutbox({ ...services, transport, from, renderAttachment });
      if (sent + failed === 0) return;
    }
  });
  await jobs.schedule(OUTBOX_QUEUE, '* * * * *', {}, { tz: 'UTC' });
}

/** Asks for a delivery run now; the per-minute schedule catches anything this misses. */
export async function kickOutbox(jobs: JobQueue | null): Promise<void> {
  await jobs?.send(OUTBOX_QUEUE, {}).catch(() => null);
}
