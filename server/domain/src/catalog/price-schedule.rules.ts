import type { DomainError } from '../result.ts';
import type { CatalogErrorCode } from './catalog-errors.ts';

/**
 * A new price may start now or later, never earlier: invoices already issued, and leases already quoted,
 * were computed with the prices in force then. The amount is whole cents, zero (free) or more.
 */
export function checkNewPrice(amountCents: number, effectiveFrom: Date, now: Date): DomainError<CatalogErrorCode>[] {
  const errors: DomainError<CatalogErrorCode>[] = [];
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) {
    errors.push({ code: 'INVALID_AMOUNT', message: 'The amount is a whole number of cents, zero or more.', field: ['amountCents'] });
  }
  if (effectiveFrom.getTime() < now.getTime()) {
    errors.push({
      code: 'PRICE_BACKDATED',
      message: `Prices are never back-dated: effectiveFrom must be ${now.toISOString()} or later.`,
      field: ['effectiveFrom'],
    });
  }
  return errors;
}
