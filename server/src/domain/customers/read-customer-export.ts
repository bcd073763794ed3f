import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import pg from 'pg';
import { poolOf, type Db } from '@leaseboard/db';
import type { CustomerExportFilter, CustomerExportRow } from './customer-export.rules.ts';

/**
 * Customers read per statement. A chunk costs the database a few milliseconds per thousand customers,
 * which is also how long an embedded database (on this thread) keeps other requests waiting.
 */
export const EXPORT_CHUNK_SIZE = 2000;

/**
 * SQL text with `$n` placeholders and their values. Everything the user chose is a bound value; the
 * text itself is fixed.
 */
class Statement {
  readonly values: unknown[] = [];

  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** `AND …` on the lease alias `l` for the export filter (not the scope: see `includes`). */
function leaseFilterSql(statement: Statement, filter: CustomerExportFilter): string {
  const parts: string[] = [];
  if (filter.productTypeId != null) {
    parts.push(`AND l."productId" IN (SELECT id FROM "Product" WHERE "productTypeId" = ${statement.bind(filter.productTypeId)}::int)`);
  }
  if (filter.from) parts.push(`AND l."startedAt" >= ${statement.bind(filter.from.toISOString())}::timestamptz`);
  if (filter.to) parts.push(`AND l."startedAt" < ${statement.bind(filter.to.toISOString())}::timestamptz`);
  return parts.join(' ');
}

/** The partner's customers with ids in (afterId, lastId]: one chunk of an export. */
export interface ChunkRange {
  partnerId: number;
  afterId: number;
  lastId: number;
}

/**
 * One chunk: the customers of the range and the aggregates of their matching leases, one row per
 * customer (null aggregates where none matches). The leases are one range of Lease_customer_export_idx,
 * read without touching the table; add-ons are looked up per active lease. (Not a named prepared
 * statement: the embedded database serves every pool connection from one session, where the names clash.)
 */
export function chunkStatement(range: ChunkRange, filter: CustomerExportFilter, now: Date): pg.QueryArrayConfig {
  const statement = new Statement();
  const partner = statement.bind(range.partnerId);
  const after = statement.bind(range.afterId);
  const last = statement.bind(range.lastId);
  const at = statement.bind(now.toISOString());
  const leaseFilter = leaseFilterSql(statement, filter);
  const text = `
    WITH c AS MATERIALIZED (
      SELECT id, email, name, company FROM "Customer"
      WHERE "partnerId" = ${partner}::int AND id > ${after}::int AND id <= ${last}::int
    ),
    l AS MATERIALIZED (
      SELECT l.id, l."customerId", l.status = 'ACTIVE' AS active, l."productId", l."startedAt", l."stoppedAt", l."lastSeenAt", l."serverName"
      FROM "Lease" l
      WHERE l."partnerId" = ${partner}::int AND l."customerId" > ${after}::int AND l."customerId" <= ${last}::int ${leaseFilter}
    ),
    pp AS MATERIALIZED (
      SELECT DISTINCT ON ("productId") "productId", "amountCents" FROM "ProductPrice"
      WHERE "effectiveFrom" <= ${at}::timestamptz ORDER BY "productId", "effectiveFrom" DESC
    ),
    ap AS MATERIALIZED (
      SELECT DISTINCT ON ("addOnId", "tierRank") "addOnId", "tierRank", "amountCents" FROM "AddOnPrice"
      WHERE "effectiveFrom" <= ${at}::timestamptz ORDER BY "addOnId", "tierRank", "effectiveFrom" DESC
    ),
    per AS (
      SELECT l."customerId",
             count(*) FILTER (WHERE l.active)::int AS active,
             count(*)::int AS total,
             array_agg(l."productId") FILTER (WHERE l.active) AS products,
             array_agg(l."serverName") FILTER (WHERE l.active AND l."serverName" IS NOT NULL) AS machines,
             date_part('epoch', min(l."startedAt")) * 1000 AS first,
             date_part('epoch', greatest(max(l."startedAt"), max(l."stoppedAt"), max(l."lastSeenAt"))) * 1000 AS last,
             coalesce(sum(pp."amountCents") FILTER (WHERE l.active), 0)::int8 AS cents
      FROM l LEFT JOIN pp ON pp."productId" = l."productId"
      GROUP BY l."customerId"
    ),
    addons AS (
      SELECT l."customerId", array_agg(la."addOnId") AS ids, sum(coalesce(ap."amountCents", 0))::int8 AS cents
      FROM l
      -- OFFSET 0 keeps this a lookup per lease (LeaseAddOn's primary key) instead of a scan of the table.
      CROSS JOIN LATERAL (SELECT "addOnId" FROM "LeaseAddOn" WHERE "leaseId" = l.id OFFSET 0) la
      JOIN "Product" p ON p.id = l."productId"
      LEFT JOIN ap ON ap."addOnId" = la."addOnId" AND ap."tierRank" = p."tierRank"
      WHERE l.active
      GROUP BY l."customerId"
    )
    SELECT c.id, c.email, c.name, c.company, per.active, per.total, per.products, addons.ids,
           per.first, per.last, per.cents + coalesce(addons.cents, 0), per.machines
    FROM c LEFT JOIN per ON per."customerId" = c.id LEFT JOIN addons ON addons."customerId" = c.id
    ORDER BY c.id`;
  return { text, values: statement.values, rowMode: 'array', types: exportTypes };
}

/** bigint sums as numbers (cents stay far below 2^53); every other type as pg parses it. */
const exportTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return Number;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;
const INT8_OID = 20;

type ChunkRow = [
  id: number,
  email: string,
  name: string | null,
  company: string | null,
  active: number | null,
  total: number | null,
  productIds: number[] | null,
  addOnIds: number[] | null,
  firstMs: number | null,
  lastMs: number | null,
  cents: number | null,
  machines: string[] | null,
];

/** Product and add-on names by id: the chunks carry ids, which are cheaper to aggregate and to send. */
export interface ExportNames {
  products: Map<number, string>;
  addOns: Map<number, string>;
}

export async function readExportNames(db: Db): Promise<ExportNames> {
  const pool = poolOf(db);
  const [products, addOns] = await Promise.all([
    pool.query<{ id: number; name: string }>(`SELECT id, name FROM "Product"`),
    pool.query<{ id: number; name: string }>(`SELECT id, name FROM "AddOn"`),
  ]);
  return {
    products: new Map(products.rows.map((row) => [row.id, row.name])),
    addOns: new Map(addOns.rows.map((row) => [row.id, row.name])),
  };
}

/** The distinct names of `ids`, sorted by code unit (as the C collation sorts ASCII). */
function namesOf(ids: number[] | null, names: Map<number, string>): string[] {
  if (!ids) return [];
  const distinct = [...new Set(ids.map((id) => names.get(id) ?? `#${id}`))];
  return distinct.length > 1 ? distinct.sort(byCodeUnit) : distinct;
}

function distinctSorted(values: string[] | null): string[] {
  if (!values) return [];
  return values.length > 1 ? [...new Set(values)].sort(byCodeUnit) : values;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether a customer, given its matching leases, belongs in the export. */
function includes(filter: CustomerExportFilter, row: ChunkRow): boolean {
  return filter.scope === 'CURRENT' ? (row[4] ?? 0) > 0 : (row[5] ?? 0) > 0;
}

function toExportRow(row: ChunkRow, names: ExportNames): CustomerExportRow {
  return {
    customerId: row[0],
    email: row[1],
    name: row[2],
    company: row[3],
    activeLeases: row[4]!,
    totalLeases: row[5]!,
    productsInUse: namesOf(row[6], names.products),
    addOnsInUse: namesOf(row[7], names.addOns),
    firstLeaseAt: new Date(row[8]!),
    lastActivityAt: new Date(row[9]!),
    monthlyAmountCents: row[10]!,
    machineNames: distinctSorted(row[11]),
  };
}

/** The export rows of one chunk, in customer id order. */
export async function readCustomerExportChunk(
  db: Db,
  names: ExportNames,
  range: ChunkRange,
  filter: CustomerExportFilter,
  now: Date,
): Promise<CustomerExportRow[]> {
  const result = await poolOf(db).query<ChunkRow>(chunkStatement(range, filter, now));
  const rows: CustomerExportRow[] = [];
  for (const row of result.rows) if (includes(filter, row)) rows.push(toExportRow(row, names));
  return rows;
}

/**
 * The partner's customers cut into ranges of `chunkSize` (as they are when the export starts: later
 * customers are not in it). One pass over Customer_partnerId_id_idx; only the boundaries are kept.
 */
export async function chunkRanges(db: Db, partnerId: number, chunkSize: number): Promise<ChunkRange[]> {
  const result = await poolOf(db).query<{ id: number }>({
    text: `SELECT id FROM (
             SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total
             FROM "Customer" WHERE "partnerId" = $1::int
           ) numbered
           WHERE n % $2::int = 0 OR n = total
           ORDER BY id`,
    values: [partnerId, chunkSize],
  });
  let afterId = 0;
  return result.rows.map(({ id }) => {
    const range = { partnerId, afterId, lastId: id };
    afterId = id;
    return range;
  });
}

/** How many customers the export will hold: distinct customers of the matching leases, from the index alone. */
export async function countCustomerExport(db: Db, partnerId: number | null, filter: CustomerExportFilter): Promise<number> {
  const statement = new Statement();
  const partner = partnerId === null ? '' : `AND l."partnerId" = ${statement.bind(partnerId)}::int`;
  const leaseFilter = leaseFilterSql(statement, filter);
  const having = filter.scope === 'CURRENT' ? `HAVING bool_or(l.status = 'ACTIVE')` : '';
  const result = await poolOf(db).query<{ n: number }>({
    text: `SELECT count(*)::int AS n FROM (
             SELECT 1 FROM "Lease" l WHERE TRUE ${partner} ${leaseFilter}
             GROUP BY l."partnerId", l."customerId" ${having}
           ) matching`,
    values: statement.values,
  });
  return result.rows[0]?.n ?? 0;
}

/** The partners whose customers an export reads: the one given, or every partner (null: the benchmark). */
async function exportPartners(db: Db, partnerId: number | null): Promise<number[]> {
  if (partnerId !== null) return [partnerId];
  const result = await poolOf(db).query<{ id: number }>(`SELECT id FROM "Partner" ORDER BY id`);
  return result.rows.map((row) => row.id);
}

/** Chunks read while the caller handles the current one: the database works while this thread formats. */
const READ_AHEAD = 2;

/**
 * Every customer of the export, chunk by chunk, partner by partner, in customer id order. Up to
 * READ_AHEAD chunks are read while the caller handles the current one (so at most READ_AHEAD + 1 chunks
 * are in memory), and between chunks the generator yields to the event loop, so an embedded database
 * (which runs on this thread) and other requests keep being served.
 */
export async function* customerExportChunks(
  db: Db,
  partnerId: number | null,
  filter: CustomerExportFilter,
  now: Date,
  chunkSize: number = EXPORT_CHUNK_SIZE,
): AsyncGenerator<CustomerExportRow[]> {
  const names = await readExportNames(db);
  for (const partner of await exportPartners(db, partnerId)) {
    const ranges = await chunkRanges(db, partner, chunkSize);
    const pending: Promise<CustomerExportRow[]>[] = [];
    let next = 0;
    const readAhead = () => {
      while (pending.length < READ_AHEAD && next < ranges.length) {
        const read = readCustomerExportChunk(db, names, ranges[next++]!, filter, now);
        read.catch(() => {}); // observed when its turn comes; until then a failure must not go unhandled
        pending.push(read);
      }
    };
    try {
      readAhead();
      while (pending.length) {
        const rows = await pending.shift()!;
        readAhead();
        if (rows.length) yield rows;
        await yieldToEventLoop();
      }
    } finally {
      // A consumer that stops early (a client that went away) leaves reads that nobody awaits.
      for (const read of pending) read.catch(() => {});
    }
  }
}
