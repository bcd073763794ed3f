import type { DomainError } from '../result.ts';
import type { BillingErrorCode } from './billing-errors.ts';
import type { CardError } from './card.rules.ts';

/** validateCardInput's errors as userErrors, each pointing at its field under `prefix`. */
export function cardUserErrors(errors: readonly CardError[], prefix: string[] = []): DomainError<BillingErrorCode>[] {
  return errors.map((error) => ({ code: error.code, message: error.message, field: [...prefix, error.field] }));
}
