/** Every refusal a billing mutation can give, as userErrors codes. */
export const BILLING_ERROR_CODES = [
  'INVALID_NUMBER',
  'UNSUPPORTED_BRAND',
  'INVALID_MONTH',
  'INVALID_YEAR',
  'EXPIRED',
  'INVALID_CVC',
  'INVOICE_NOT_FOUND',
  'INVOICE_NOT_PAYABLE',
  'INVOICE_ALREADY_PAID',
  'INVOICE_NOT_FINALIZED',
  'NO_PAYMENT_METHOD',
  'CARD_DECLINED',
  'PAYMENT_IN_PROGRESS',
  'GATEWAY_UNAVAILABLE',
  'INVALID_PERIOD',
  'PERIOD_NOT_ENDED',
  'NOT_ALLOWED',
] as const;

export type BillingErrorCode = (typeof BILLING_ERROR_CODES)[number];
