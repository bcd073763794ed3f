import { enqueueMail } from '../outbox/enqueue-mail.ts';
import type { Tx } from '../tx.ts';
import { formatCents } from './money.ts';

export interface PastDueInvoice {
  id: number;
  partnerId: number;
  number: string | null;
  period: string;
  totalCents: number;
}

/** The partner's billing email and its BILLING contacts, each once (case-insensitive), in that order. */
export async function billingRecipients(tx: Tx, partnerId: number): Promise<string[]> {
  const partner = await tx.partner.findUniqueOrThrow({
    where: { id: partnerId },
    select: { billingEmail: true, contacts: { where: { kind: 'BILLING' }, select: { email: true }, orderBy: { id: 'asc' } } },
  });
  return uniqueRecipients(partner);
}

/** See billingRecipients: the same rule for a partner already loaded with its BILLING contacts. */
export function uniqueRecipients(partner: { billingEmail: string; contacts: readonly { email: string }[] }): string[] {
  const seen = new Set<string>();
  return [partner.billingEmail, ...partner.contacts.map((contact) => contact.email)].filter((email) => {
    const key = email.trim().toLowerCase();
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Queues the "we could not charge your card" mail, with the invoice PDF, in the caller's transaction. */
export async function enqueuePastDueMail(tx: Tx, invoice: PastDueInvoice, reason: string, at: Date): Promise<void> {
  const number = invoice.number ?? `for ${invoice.period}`;
  await enqueueMail(
    tx,
    {
      partnerId: invoice.partnerId,
      kind: 'invoice-past-due',
      to: await billingRecipients(tx, invoice.partnerId),
      subject: `Invoice ${number} is past due`,
      text: [
        'Hello,',
        '',
        `We could not collect ${formatCents(invoice.totalCents)} for invoice ${number} (${invoice.period}) with the card on file: ${reason}`,
        '',
        'Please update the card on file in Leaseboard (Billing). The invoice is charged again as soon as the card is updated.',
        'The invoice is attached.',
      ].join('\n'),
      attachments: invoice.number
        ? [{ filename: `${invoice.number}.pdf`, contentType: 'application/pdf', invoiceId: invoice.id }]
        : [],
    },
    at,
  );
}
