import type { Prisma } from '@leaseboard/db';
import type { Tx } from '../tx.ts';

export interface MailAttachmentRef {
  filename: string;
  contentType: string;
  /** Attachments are rendered when the mail is sent, from stored data: */
  invoiceId?: number;
}

export interface OutboxMail {
  partnerId: number | null;
  kind: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachmentRef[];
}

/** Queues a mail in the caller's transaction: it is sent only if the change commits, and never lost. */
export async function enqueueMail(tx: Tx, mail: OutboxMail, at: Date): Promise<number> {
  const row = await tx.outboxMessage.create({
    data: {
      partnerId: mail.partnerId,
      kind: mail.kind,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? null,
      attachments: (mail.attachments ?? undefined) as Prisma.InputJsonValue | undefined,
      nextAttemptAt: at,
      createdAt: at,
    },
    select: { id: true },
  });
  return row.id;
}
