export const EXPORT_ERROR_CODES = ['PRODUCT_TYPE_NOT_FOUND'] as const;

export type ExportErrorCode = (typeof EXPORT_ERROR_CODES)[number];
