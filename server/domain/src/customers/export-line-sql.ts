import { EXPORT_FIELDS, type ExportField } from './customer-export.rules.ts';

/**
 * SQL expressions that write one export line per customer (the database formats the export, so that
 * Node only passes text along). Each takes SQL expressions for the columns and returns SQL text; no
 * value is ever spliced in.
 */

/** SQL expressions for one customer's columns. Lists are text[] for JSONL and '; '-joined text for CSV. */
export interface ExportColumns {
  email: string;
  name: string;
  company: string;
  activeLeases: string;
  totalLeases: string;
  productsInUse: string;
  addOnsInUse: string;
  firstLeaseAt: string;
  lastActivityAt: string;
  monthlyAmountCents: string;
  machineNames: string;
}

/** How lists are joined in a CSV cell. */
export const LIST_SEPARATOR = '; ';

/**
 * A list aggregate in the shape the format wants: distinct values sorted by byte (the C collation),
 * as an array for JSONL or as text joined with "; " for CSV.
 */
export function listAggSql(format: 'CSV' | 'JSONL', value: string, filter = 'TRUE'): string {
  const sorted = `${value} COLLATE "C"`;
  return format === 'CSV'
    ? `coalesce(string_agg(DISTINCT ${sorted}, '${LIST_SEPARATOR}' ORDER BY ${sorted}) FILTER (WHERE ${filter}), '')`
    : `coalesce(array_agg(DISTINCT ${sorted} ORDER BY ${sorted}) FILTER (WHERE ${filter}), '{}')`;
}

/** An empty list in the shape the format wants. */
export function emptyListSql(format: 'CSV' | 'JSONL'): string {
  return format === 'CSV' ? `''` : `'{}'::text[]`;
}

/** A time as JavaScript's toISOString writes it: 2025-01-10T09:00:00.000Z. */
export function isoSql(time: string): string {
  return `to_char(${time} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Whole cents as dollars with thousands separators, as formatCents writes them: $1,234.56. */
export function dollarsSql(cents: string): string {
  return `('$' || to_char(${cents} / 100, 'FM999,999,999,999,999,990') || '.' || lpad((${cents} % 100)::text, 2, '0'))`;
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return, which some strip first)
 * as a formula. Such a cell gets a leading apostrophe, which shows it as plain text (OWASP CSV injection).
 */
export function neutralizedSql(text: string): string {
  return `(CASE WHEN left(${text}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || ${text} ELSE ${text} END)`;
}

/** An RFC 4180 field: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
export function csvFieldSql(text: string): string {
  return `(CASE WHEN ${text} ~ '[",\\r\\n]' THEN '"' || replace(${text}, '"', '""') || '"' ELSE ${text} END)`;
}

/**
 * A select list with a customer's cells (named as in EXPORT_FIELDS), ready for lineSql: for CSV every cell is
 * text and neutralised where it holds text; for JSONL values keep their types. Computed once per
 * customer (in a CTE of its own), so that lineSql can use a cell several times at no cost.
 */
export function cellsSql(format: 'CSV' | 'JSONL', c: ExportColumns): string {
  const text = (value: string) => (format === 'CSV' ? neutralizedSql(`coalesce(${value}, '')`) : value);
  const cells: Record<ExportField, string> = {
    email: text(c.email),
    name: text(c.name),
    company: text(c.company),
    activeLeases: c.activeLeases,
    totalLeases: c.totalLeases,
    productsInUse: text(c.productsInUse),
    addOnsInUse: text(c.addOnsInUse),
    firstLeaseAt: isoSql(c.firstLeaseAt),
    lastActivityAt: isoSql(c.lastActivityAt),
    monthlyAmountCents: c.monthlyAmountCents,
    monthlyAmount: dollarsSql(c.monthlyAmountCents),
    machineNames: text(c.machineNames),
  };
  return EXPORT_FIELDS.map((name) => `${cells[name]} AS "${name}"`).join(', ');
}

/** A JSON value: to_json escapes text and writes arrays as arrays; SQL null is JSON null. */
export function jsonValueSql(value: string): string {
  return `coalesce(to_json(${value})::text, 'null')`;
}

/**
 * One customer's line from the cells of cellsSql. CSV: an RFC 4180 record with its CRLF line end (the
 * header is in customer-export.rules.ts). JSONL: a compact JSON object, lists as lists, nothing
 * neutralised, written by concatenation (a quarter cheaper per line than json_build_object).
 */
export function lineSql(format: 'CSV' | 'JSONL'): string {
  if (format === 'JSONL') {
    const members = EXPORT_FIELDS.map((name, i) => `'${i ? ',' : '{'}"${name}":' || ${jsonValueSql(`"${name}"`)}`);
    return `(${members.join(' || ')} || E'}\\n')`;
  }
  const numeric = new Set(['activeLeases', 'totalLeases', 'monthlyAmountCents']);
  const fields = EXPORT_FIELDS.map((name) => (numeric.has(name) ? `"${name}"::text` : csvFieldSql(`"${name}"`)));
  return `(${fields.join(` || ',' || `)} || E'\\r\\n')`;
}
