import type pg from 'pg';

/**
 * A column of a bulk insert: `type` is the PostgreSQL type the values are sent as (one array per column);
 * `cast` converts them on the way in, e.g. text literals '{1,2}' to int[] (unnest would flatten an int[][]).
 */
export interface BulkColumn {
  name: string;
  type: string;
  cast?: string;
}

/**
 * Rows collected column by column and written with one INSERT … SELECT FROM unnest($1::type[], …):
 * a handful of parameters however many rows, so PostgreSQL parses one statement per batch.
 */
export class BulkInsert {
  readonly #sql: string;
  readonly #columns: readonly BulkColumn[];
  #values: unknown[][];
  #inserted = 0;

  constructor(table: string, columns: readonly BulkColumn[]) {
    this.#columns = columns;
    this.#values = columns.map(() => []);
    const names = columns.map((column) => `"${column.name}"`).join(', ');
    const params = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
    const selected = columns.map((column, index) => `c${index}${column.cast ? `::${column.cast}` : ''}`).join(', ');
    const aliases = columns.map((_, index) => `c${index}`).join(', ');
    this.#sql = `INSERT INTO "${table}" (${names}) SELECT ${selected} FROM unnest(${params}) AS t(${aliases})`;
  }

  /** Values in the order of the columns. */
  push(...row: unknown[]): void {
    for (let index = 0; index < this.#columns.length; index++) this.#values[index]!.push(row[index]);
  }

  get pending(): number {
    return this.#values[0]!.length;
  }

  get inserted(): number {
    return this.#inserted;
  }

  /** Takes the collected rows as one statement (null when there are none) and starts a new batch. */
  take(): BulkStatement | null {
    const rows = this.pending;
    if (rows === 0) return null;
    const values = this.#values;
    this.#values = this.#columns.map(() => []);
    this.#inserted += rows;
    return { text: this.#sql, values };
  }

  /** Sends the collected rows and starts a new batch. */
  async flush(client: pg.ClientBase): Promise<void> {
    await sendInOrder(client, [this.take()]);
  }
}

export interface BulkStatement {
  text: string;
  values: unknown[][];
}

/**
 * Runs the statements one after another: a pg client runs one query at a time (queueing more is
 * deprecated), and the order keeps foreign keys satisfied.
 */
export async function sendInOrder(client: pg.ClientBase, statements: readonly (BulkStatement | null)[]): Promise<void> {
  for (const statement of statements) if (statement) await client.query(statement.text, statement.values);
}

/** A PostgreSQL array literal of integers, e.g. '{3,5}', for columns sent as text and cast to int[]. */
export function intArrayLiteral(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
