import type { CardBrand, ValidCard } from './card.rules.ts';

export interface TokenizedCard {
  token: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface ChargeRequest {
  token: string;
  amountCents: number;
  /** ISO 4217, upper case: 'USD'. */
  currency: string;
  /** One key per payment attempt: retrying the same attempt reuses it, a new attempt gets a new one. */
  idempotencyKey: string;
  description: string;
}

export type DeclineCode = 'card_declined' | 'insufficient_funds' | 'stolen_card' | 'expired_card' | 'processing_error';

export interface ChargeSucceeded {
  status: 'succeeded';
  reference: string;
}

export interface ChargeFailed {
  status: 'failed';
  declineCode: DeclineCode;
  /** True when retrying the same card cannot succeed: the partner has to supply another one. */
  hardDecline: boolean;
  message: string;
}

export type ChargeOutcome = ChargeSucceeded | ChargeFailed;

/** A charge as the gateway recorded it under an idempotency key. */
export interface RecordedCharge {
  amountCents: number;
  currency: string;
  outcome: ChargeOutcome;
}

/**
 * A card processor. A declined charge is an outcome, not an error. charge() rejects (with a
 * PaymentGatewayError) only when the request is wrong or its result is unknown; the caller then retries
 * with the same idempotencyKey, which returns the first outcome and never charges twice.
 */
export interface PaymentGateway {
  /** Stored with each payment method, so a token is always charged through the gateway that issued it. */
  readonly name: string;
  tokenize(card: ValidCard): Promise<TokenizedCard>;
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /** The charge made under this idempotency key, or null: read-only, for reconciliation. */
  findCharge(idempotencyKey: string): Promise<RecordedCharge | null>;
}

export type PaymentGatewayErrorCode =
  | 'INVALID_REQUEST'
  | 'UNKNOWN_TOKEN'
  /** The idempotency key was used before for a different token, amount or currency. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The gateway could not be reached or did not answer: the charge may or may not have happened. */
  | 'UNAVAILABLE'
  /** Another request with the same idempotency key is being processed: ask again later with the same key. */
  | 'IN_PROGRESS';

export class PaymentGatewayError extends Error {
  override readonly name = 'PaymentGatewayError';
  readonly code: PaymentGatewayErrorCode;

  constructor(code: PaymentGatewayErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
