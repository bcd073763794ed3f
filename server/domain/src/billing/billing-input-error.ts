export const BILLING_INPUT_ERROR_CODES = [
  'INVALID_PERIOD',
  'INVALID_ITEM_ID',
  'DUPLICATE_ITEM_ID',
  'INVALID_INSTANT',
  'SEGMENT_ENDS_BEFORE_START',
  'INVALID_SKU',
  'INVALID_PRICE',
  'OVERLAPPING_SEGMENTS',
] as const;

export type BillingInputErrorCode = (typeof BILLING_INPUT_ERROR_CODES)[number];

/** Input the billing engine refuses; `path` points at the offending value, e.g. `items[0].segments[1].to`. */
export class BillingInputError extends Error {
  override readonly name = 'BillingInputError';
  readonly code: BillingInputErrorCode;
  readonly path: string;

  constructor(code: BillingInputErrorCode, path: string, message: string) {
    super(message);
    this.code = code;
    this.path = path;
  }
}
