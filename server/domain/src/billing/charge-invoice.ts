import { beginAttempt, type StartedAttempt } from './begin-attempt.ts';
import type { BillingDeps } from './billing-deps.ts';
import { type AttemptResult, completeAttempt } from './complete-attempt.ts';
import type { ChargeTrigger } from './dunning.rules.ts';
import { PaymentGatewayError } from './payment-gateway.ts';

export type ChargeStatus =
  | 'PAID'
  | 'DECLINED'
  | 'NO_CARD'
  | 'NOT_DUE'
  | 'IN_PROGRESS'
  | 'ALREADY_PAID'
  | 'NOT_PAYABLE'
  | 'NOT_FOUND'
  /** The gateway did not answer: the attempt stays PENDING and is resumed with the same key later. */
  | 'GATEWAY_ERROR';

/**
 * How long a charge waits, in turn, when the gateway answers that a request with the same key is still
 * being processed, before leaving the attempt PENDING for whoever finishes it (7.75 s in all).
 */
export const IN_PROGRESS_WAITS_MS: readonly number[] = [250, 500, 1000, 2000, 4000];

export interface ChargeReport {
  status: ChargeStatus;
  attemptNumber?: number;
  declineCode?: string;
  hardDecline?: boolean;
  message?: string;
}

export interface ChargeOptions {
  trigger: ChargeTrigger;
  paymentMethodId?: number | null;
  partnerId?: number | null;
}

/** The idempotency key of one payment attempt: the same attempt always charges under the same key. */
export function chargeKey(invoiceId: number, attemptNumber: number): string {
  return `invoice:${invoiceId}:attempt:${attemptNumber}`;
}

/**
 * Charges an OPEN or PAST_DUE invoice: a PENDING attempt is committed first, then the gateway is asked
 * with the attempt's idempotency key, then the outcome is stored (see beginAttempt, completeAttempt).
 */
export async function chargeInvoice(deps: BillingDeps, invoiceId: number, options: ChargeOptions & { resumeGraceMs?: number }): Promise<ChargeReport> {
  const begun = await beginAttempt(deps.db, invoiceId, { ...options, now: deps.clock.now() });
  if (begun.kind === 'skip') return { status: begun.reason };
  if (begun.kind === 'paid-without-charge') return { status: 'PAID' };
  const { attempt } = begun;

  let result: AttemptResult;
  try {
    result = await callGateway(deps, attempt);
  } catch (error) {
    if (isInProgress(error)) return { status: 'IN_PROGRESS', attemptNumber: attempt.attemptNumber };
    deps.logger?.warn('payment gateway did not answer; the attempt will be resumed', { invoiceId, attempt: attempt.attemptNumber, error });
    return { status: 'GATEWAY_ERROR', attemptNumber: attempt.attemptNumber };
  }
  await deps.hooks?.afterGatewayCharge?.(attempt.invoiceId);
  const applied = await completeAttempt(deps.db, attempt, result, deps.clock.now());
  if (!applied) {
    const stored = await deps.db.paymentAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
    if (stored.status === 'SUCCEEDED') return { status: 'PAID', attemptNumber: attempt.attemptNumber };
  }
  if (result.status === 'SUCCEEDED') return { status: 'PAID', attemptNumber: attempt.attemptNumber };
  const { declineCode, hardDecline, message } = result;
  return { status: 'DECLINED', attemptNumber: attempt.attemptNumber, declineCode, hardDecline, message };
}

/** True for the gateway's "a request with this key is still being processed" (after waiting it out). */
export function isInProgress(error: unknown): boolean {
  return error instanceof PaymentGatewayError && error.code === 'IN_PROGRESS';
}

/**
 * The gateway's outcome; requests it refuses for good count as hard failures; no answer rethrows. While
 * another request with the same key is being processed, asks again after each of IN_PROGRESS_WAITS_MS,
 * then rethrows the IN_PROGRESS error.
 */
export async function callGateway(deps: BillingDeps, attempt: StartedAttempt): Promise<AttemptResult> {
  for (const wait of IN_PROGRESS_WAITS_MS) {
    try {
      return await callGatewayOnce(deps, attempt);
    } catch (error) {
      if (!isInProgress(error)) throw error;
      await (deps.sleep ?? sleep)(wait);
    }
  }
  return callGatewayOnce(deps, attempt);
}

async function callGatewayOnce(deps: BillingDeps, attempt: StartedAttempt): Promise<AttemptResult> {
  try {
    const outcome = await deps.gateway.charge({
      token: attempt.token,
      amountCents: attempt.amountCents,
      currency: attempt.currency,
      idempotencyKey: chargeKey(attempt.invoiceId, attempt.attemptNumber),
      description: `Leaseboard invoice ${attempt.invoiceNumber ?? attempt.invoiceId}`,
    });
    return outcome.status === 'succeeded'
      ? { status: 'SUCCEEDED', gatewayRef: outcome.reference }
      : { status: 'FAILED', declineCode: outcome.declineCode, hardDecline: outcome.hardDecline, message: outcome.message };
  } catch (error) {
    if (error instanceof PaymentGatewayError && error.code !== 'UNAVAILABLE' && error.code !== 'IN_PROGRESS') {
      return { status: 'FAILED', declineCode: error.code.toLowerCase(), hardDecline: true, message: 'The card could not be charged.' };
    }
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
