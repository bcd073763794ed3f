/** Why a catalog change was refused (CatalogErrorCode in GraphQL). */
export const CATALOG_ERROR_CODES = [
  'PRODUCT_NOT_FOUND',
  'ADDON_NOT_FOUND',
  'TIER_RANK_NOT_FOUND',
  'PRICE_BACKDATED',
  'INVALID_AMOUNT',
  'IDEMPOTENCY_KEY_REUSED',
] as const;

export type CatalogErrorCode = (typeof CATALOG_ERROR_CODES)[number];
