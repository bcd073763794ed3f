import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { fail, ok, type Result } from '../result.ts';
import type { BillingDeps } from './billing-deps.ts';
import type { BillingErrorCode } from './billing-errors.ts';
import { cardUserErrors } from './card-errors.ts';
import { type CardInput, validateCardInput } from './card.rules.ts';
import type { ChargeReport } from './charge-invoice.ts';
import { type TokenizedCard } from './payment-gateway.ts';
import { retryUnpaidInvoices } from './retry-due-invoices.ts';

export interface SetPaymentMethodValue {
  paymentMethodId: number;
  /** The partner's unpaid invoices, charged with the new card at once. */
  charges: ChargeReport[];
}

/**
 * Puts a card on file: validated, tokenised by the gateway, and stored as brand, last 4, expiry and
 * token only (the number and CVC go no further than the gateway). The previous card is marked removed.
 * Then every OPEN or PAST_DUE invoice of the partner is charged with it.
 */
export async function setPaymentMethod(
  deps: BillingDeps,
  partnerId: number,
  meta: RequestMeta,
  input: CardInput,
): Promise<Result<SetPaymentMethodValue, BillingErrorCode>> {
  const validation = validateCardInput(input, meta.at);
  if (!validation.ok) return { ok: false, errors: cardUserErrors(validation.errors) };
  let tokenized: TokenizedCard;
  try {
    tokenized = await deps.gateway.tokenize(validation.card);
  } catch (error) {
    deps.logger?.warn('card tokenisation failed', { partnerId, error });
    return fail('GATEWAY_UNAVAILABLE', 'The card could not be saved just now; please try again.');
  }
  const paymentMethodId = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Partner" WHERE id = ${partnerId} FOR UPDATE`;
    await tx.paymentMethod.updateMany({ where: { partnerId, removedAt: null }, data: { removedAt: meta.at } });
    const { token, brand, last4, expMonth, expYear } = tokenized;
    const method = await tx.paymentMethod.create({
      data: { partnerId, gateway: deps.gateway.name, token, brand, last4, expMonth, expYear, createdAt: meta.at },
      select: { id: true },
    });
    await recordAudit(tx, meta, {
      partnerId,
      action: 'billing.card.set',
      targetType: 'PaymentMethod',
      targetId: method.id,
      after: { brand, last4, expMonth, expYear },
    });
    return method.id;
  });
  return ok({ paymentMethodId, charges: await retryUnpaidInvoices(deps, partnerId) });
}
