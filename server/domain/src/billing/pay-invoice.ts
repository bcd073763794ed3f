import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { fail, ok, type Result } from '../result.ts';
import type { BillingDeps } from './billing-deps.ts';
import type { BillingErrorCode } from './billing-errors.ts';
import { cardUserErrors } from './card-errors.ts';
import { type CardInput, validateCardInput } from './card.rules.ts';
import { chargeInvoice, type ChargeReport } from './charge-invoice.ts';
import { SWEEP_RESUME_GRACE_MS } from './retry-due-invoices.ts';

export interface PayInvoiceInput {
  invoiceId: number;
  /** A card for this payment only; the card on file when omitted. */
  card?: CardInput | null;
}

/**
 * Pays an OPEN or PAST_DUE invoice now, with the card on file or with a card given for this payment.
 * Such a card is tokenised and kept as a removed payment method (so the attempt can point at it) without
 * replacing the card on file. A decline is recorded on the invoice and refused with CARD_DECLINED.
 */
export async function payInvoice(
  deps: BillingDeps,
  partnerId: number,
  meta: RequestMeta,
  input: PayInvoiceInput,
): Promise<Result<{ invoiceId: number }, BillingErrorCode>> {
  const invoice = await deps.db.invoice.findFirst({ where: { id: input.invoiceId, partnerId }, select: { id: true, status: true } });
  if (!invoice) return fail('INVOICE_NOT_FOUND', 'No such invoice.', ['invoiceId']);
  if (invoice.status === 'PAID') return fail('INVOICE_ALREADY_PAID', 'This invoice is already paid.', ['invoiceId']);
  if (invoice.status !== 'OPEN' && invoice.status !== 'PAST_DUE') {
    return fail('INVOICE_NOT_PAYABLE', 'Only an issued, unpaid invoice can be paid.', ['invoiceId']);
  }

  let paymentMethodId: number | null = null;
  if (input.card) {
    const validation = validateCardInput(input.card, meta.at);
    if (!validation.ok) return { ok: false, errors: cardUserErrors(validation.errors, ['card']) };
    try {
      const { token, brand, last4, expMonth, expYear } = await deps.gateway.tokenize(validation.card);
      const method = await deps.db.paymentMethod.create({
        data: { partnerId, gateway: deps.gateway.name, token, brand, last4, expMonth, expYear, createdAt: meta.at, removedAt: meta.at },
        select: { id: true },
      });
      paymentMethodId = method.id;
    } catch (error) {
      deps.logger?.warn('card tokenisation failed', { partnerId, error });
      return fail('GATEWAY_UNAVAILABLE', 'The card could not be used just now; please try again.');
    }
  }

  const report = await chargeInvoice(deps, invoice.id, { trigger: 'manual', paymentMethodId, partnerId, resumeGraceMs: SWEEP_RESUME_GRACE_MS });
  await deps.db.$transaction((tx) =>
    recordAudit(tx, meta, {
      partnerId,
      action: 'billing.invoice.pay',
      targetType: 'Invoice',
      targetId: invoice.id,
      after: { outcome: report.status, attempt: report.attemptNumber ?? null, declineCode: report.declineCode ?? null },
    }),
  );
  return report.status === 'PAID' ? ok({ invoiceId: invoice.id }) : refusal(report);
}

function refusal(report: ChargeReport): Result<never, BillingErrorCode> {
  switch (report.status) {
    case 'DECLINED':
      return fail('CARD_DECLINED', report.message ?? 'The card was declined.', ['card']);
    case 'NO_CARD':
      return fail('NO_PAYMENT_METHOD', 'There is no card on file: add one, or pay with a card.', ['card']);
    case 'IN_PROGRESS':
      return fail('PAYMENT_IN_PROGRESS', 'A payment of this invoice is under way.', ['invoiceId']);
    case 'GATEWAY_ERROR':
      return fail('GATEWAY_UNAVAILABLE', 'The card processor did not answer; the payment will be confirmed shortly.');
    case 'ALREADY_PAID':
      return fail('INVOICE_ALREADY_PAID', 'This invoice is already paid.', ['invoiceId']);
    case 'NOT_FOUND':
      return fail('INVOICE_NOT_FOUND', 'No such invoice.', ['invoiceId']);
    default:
      return fail('INVOICE_NOT_PAYABLE', 'Only an issued, unpaid invoice can be paid.', ['invoiceId']);
  }
}
