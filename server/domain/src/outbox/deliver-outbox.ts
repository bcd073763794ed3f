import type { Db } from '@leaseboard/db';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { MailAttachment, MailTransport } from '../mail/smtp-transport.ts';
import { SmtpSendError } from '../mail/smtp-transport.ts';
import { CLAIM_MINUTES, nextAttemptAt } from './delivery.rules.ts';
import type { MailAttachmentRef } from './enqueue-mail.ts';

export type RenderAttachment = (db: Db, ref: MailAttachmentRef) => Promise<MailAttachment>;

export interface DeliveryDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  transport: MailTransport;
  from: string;
  renderAttachment: RenderAttachment;
}

interface Claimed {
  id: number;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  attachments: MailAttachmentRef[] | null;
  attempts: number;
}

/**
 * Sends due outbox messages. Each is claimed first (hidden from other workers for a few minutes), so two
 * workers never send the same message, and a worker that dies mid-send leaves it to be retried.
 * Returns how many were sent.
 */
export async function deliverOutbox(deps: DeliveryDeps, batchSize = 20): Promise<{ sent: number; failed: number }> {
  const now = deps.clock.now();
  const claimedUntil = new Date(now.getTime() + CLAIM_MINUTES * 60_000);
  const claimed = await deps.db.$queryRaw<Claimed[]>`
    UPDATE "OutboxMessage" SET "nextAttemptAt" = ${claimedUntil}
    WHERE id IN (
      SELECT id FROM "OutboxMessage"
      WHERE status = 'PENDING' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt", id
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, "to", subject, text, html, attachments, attempts`;
  let sent = 0;
  let failed = 0;
  for (const message of claimed) {
    try {
      const attachments = await Promise.all((message.attachments ?? []).map((ref) => deps.renderAttachment(deps.db, ref)));
      await deps.transport.send({
        from: deps.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html ? { html: message.html } : {}),
        attachments,
      });
      await deps.db.outboxMessage.update({
        where: { id: message.id },
        data: { status: 'SENT', sentAt: deps.clock.now(), attempts: message.attempts + 1, lastError: null },
      });
      sent++;
    } catch (error) {
      failed++;
      const attempts = message.attempts + 1;
      const permanent = error instanceof SmtpSendError && error.permanent;
      const retryAt = permanent ? null : nextAttemptAt(attempts, deps.clock.now());
      deps.logger.warn('mail delivery failed', { outboxId: message.id, attempts, permanent, error });
      await deps.db.outboxMessage.update({
        where: { id: message.id },
        data: {
          attempts,
          lastError: (error as Error).message.slice(0, 1000),
          ...(retryAt ? { nextAttemptAt: retryAt } : { status: 'FAILED' }),
        },
      });
    }
  }
  return { sent, failed };
}
