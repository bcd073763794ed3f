import { formatCents } from '../billing/money.ts';

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

/** One customer, as read from the database. Lists are sorted and distinct. */
export interface CustomerExportRow {
  customerId: number;
  email: string;
  name: string | null;
  company: string | null;
  activeLeases: number;
  totalLeases: number;
  /** Names of the products of the active leases. */
  productsInUse: string[];
  /** Names of the add-ons on the active leases. */
  addOnsInUse: string[];
  firstLeaseAt: Date;
  /** The latest lease start, stop or server check-in. */
  lastActivityAt: Date;
  /** What the active leases cost per month at the prices in force now. */
  monthlyAmountCents: number;
  /** Servers the active leases are activated on. */
  machineNames: string[];
}

export const CSV_COLUMNS = [
  'email',
  'name',
  'company',
  'active_leases',
  'total_leases',
  'products_in_use',
  'add_ons_in_use',
  'first_lease_at',
  'last_activity_at',
  'monthly_amount_cents',
  'monthly_amount',
  'machine_names',
] as const;

const LIST_SEPARATOR = '; ';

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return, which some strip first)
 * as a formula. Such a cell gets a leading apostrophe, which shows it as plain text (OWASP CSV injection).
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvRecord(row: CustomerExportRow): string[] {
  return [
    row.email,
    row.name ?? '',
    row.company ?? '',
    String(row.activeLeases),
    String(row.totalLeases),
    row.productsInUse.join(LIST_SEPARATOR),
    row.addOnsInUse.join(LIST_SEPARATOR),
    row.firstLeaseAt.toISOString(),
    row.lastActivityAt.toISOString(),
    String(row.monthlyAmountCents),
    formatCents(row.monthlyAmountCents),
    row.machineNames.join(LIST_SEPARATOR),
  ];
}

/**
 * A cell as an RFC 4180 field: neutralised, then quoted (with quotes doubled) when it holds a comma, a
 * quote or a line break.
 */
export function csvField(cell: string): string {
  const safe = neutralizeCell(cell);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV record with its CRLF line end. */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i ? ',' : '') + csvField(cells[i]!);
  return `${line}\r\n`;
}

/**
 * CSV text (RFC 4180, CRLF line ends) for a chunk of rows. The first chunk starts with a UTF-8 byte order
 * mark, so Excel reads the file as UTF-8, and the header line.
 */
export function csvChunk(rows: readonly CustomerExportRow[], first: boolean): string {
  const lines: string[] = first ? [`\uFEFF${csvLine(CSV_COLUMNS)}`] : [];
  for (const row of rows) lines.push(csvLine(csvRecord(row)));
  return lines.join('');
}

/** One JSON object per line; lists stay lists, times are ISO 8601. */
export function jsonlChunk(rows: readonly CustomerExportRow[]): string {
  return rows
    .map((row) =>
      JSON.stringify({
        email: row.email,
        name: row.name,
        company: row.company,
        activeLeases: row.activeLeases,
        totalLeases: row.totalLeases,
        productsInUse: row.productsInUse,
        addOnsInUse: row.addOnsInUse,
        firstLeaseAt: row.firstLeaseAt.toISOString(),
        lastActivityAt: row.lastActivityAt.toISOString(),
        monthlyAmountCents: row.monthlyAmountCents,
        monthlyAmount: formatCents(row.monthlyAmountCents),
        machineNames: row.machineNames,
      }) + '\n',
    )
    .join('');
}

export function exportChunk(format: ExportFormat, rows: readonly CustomerExportRow[], first: boolean): string {
  return format === 'CSV' ? csvChunk(rows, first) : jsonlChunk(rows);
}

export function exportFileName(format: ExportFormat, at: Date): string {
  return `customers-${at.toISOString().slice(0, 10)}.${format === 'CSV' ? 'csv' : 'jsonl'}`;
}

export function exportContentType(format: ExportFormat): string {
  return format === 'CSV' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
}
