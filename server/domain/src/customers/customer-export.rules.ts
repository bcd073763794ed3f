
export const EXPORT_SCOPES = ['ALL', 'CURRENT'] as const;
export type ExportScope = (typeof EXPORT_SCOPES)[number];
export const EXPORT_FORMATS = ['CSV', 'JSONL'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Which customers an export holds: those with at least one lease matching the filter (ALL), or with at
 * least one active one (CURRENT). Every column is computed over the matching leases only, so an export
 * for SmarterMail lists SmarterMail products and amounts.
 */
export interface CustomerExportFilter {
  scope: ExportScope;
  productTypeId?: number | null;
  /** Lease started at or after. */
  from?: Date | null;
  /** Lease started before. */
  to?: Date | null;
}

/** The export's fields in file order: the JSONL keys, and in snake_case the CSV header (export-line-sql.ts writes them). */
export const EXPORT_FIELDS = [
  'email',
  'name',
  'company',
  'activeLeases',
  'totalLeases',
  'productsInUse',
  'addOnsInUse',
  'firstLeaseAt',
  'lastActivityAt',
  'monthlyAmountCents',
  'monthlyAmount',
  'machineNames',
] as const;
export type ExportField = (typeof EXPORT_FIELDS)[number];

export const CSV_COLUMNS = EXPORT_FIELDS.map((field) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));

/**
 * What a file starts with. CSV: a UTF-8 byte order mark, so Excel reads the file as UTF-8, and the header
 * line (RFC 4180, CRLF line ends; the lines themselves are written by export-line-sql.ts). JSONL: nothing.
 */
export function exportHeader(format: ExportFormat): string {
  return format === 'CSV' ? `\uFEFF${CSV_COLUMNS.join(',')}\r\n` : '';
}

export function exportFileName(format: ExportFormat, at: Date): string {
  return `customers-${at.toISOString().slice(0, 10)}.${format === 'CSV' ? 'csv' : 'jsonl'}`;
}

export function exportContentType(format: ExportFormat): string {
  return format === 'CSV' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
}
