import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { empty, join, raw, sql, type Sql } from '@prisma/client-runtime-utils';
import type pg from 'pg';
import type { CustomerExportFilter, ExportFormat } from './customer-export.rules.ts';
import { cellsSql, emptyListSql, lineSql, listAggSql, type ExportColumns } from './export-line-sql.ts';

/**
 * Customers per statement. A chunk costs the database a few milliseconds per thousand customers, which
 * is also how long an embedded database (on this thread) keeps other requests waiting.
 */
export const EXPORT_CHUNK_SIZE = 2000;

/** Chunks read while the caller writes the current one; the database works on them side by side. */
const READ_AHEAD = 2;

/** `AND …` on the lease alias `l` for the export filter (not the scope: see chunkStatement); values are bound. */
function leaseFilterSql(filter: CustomerExportFilter): Sql {
  const parts: Sql[] = [];
  if (filter.productTypeId != null) {
    parts.push(sql`AND l."productId" IN (SELECT id FROM "Product" WHERE "productTypeId" = ${filter.productTypeId}::int)`);
  }
  if (filter.from) parts.push(sql`AND l."startedAt" >= ${filter.from.toISOString()}::timestamptz`);
  if (filter.to) parts.push(sql`AND l."startedAt" < ${filter.to.toISOString()}::timestamptz`);
  return parts.length ? join(parts, ' ') : empty;
}

/** An sql`…` statement (Prisma's tag, without the Prisma client) as pg takes it: `$n` placeholders and their values. */
function forPg(statement: Sql): { text: string; values: unknown[] } {
  return { text: statement.text, values: statement.values };
}

/** The partner's customers with ids in (afterId, lastId]: one chunk of an export. */
export interface ChunkRange {
  partnerId: number;
  afterId: number;
  lastId: number;
}

/** One chunk as written to the file: its lines (UTF-8), and how many customers they are. */
export interface ExportChunk {
  bytes: Uint8Array;
  rows: number;
}

/**
 * One chunk, written by the database: every customer of the range with a matching lease (an active one
 * for CURRENT), as finished CSV or JSONL lines in customer id order, aggregated into one text value. The
 * leases are one range of Lease_customer_export_idx and their add-ons one range of LeaseAddOn's
 * (partnerId, customerId, …) index, both read without touching the tables. Formatting here rather than
 * in Node lets two chunks be computed at once on two cores while this thread only passes bytes along.
 */
export function chunkStatement(range: ChunkRange, filter: CustomerExportFilter, format: ExportFormat, now: Date): { text: string; values: unknown[] } {
  const partner = sql`${range.partnerId}`;
  const after = sql`${range.afterId}`;
  const last = sql`${range.lastId}`;
  const at = sql`${now.toISOString()}`;
  const leaseFilter = leaseFilterSql(filter);
  const columns: ExportColumns = {
    email: 'c.email',
    name: 'c.name',
    company: 'c.company',
    activeLeases: 'per.active',
    totalLeases: 'per.total',
    productsInUse: 'per.products',
    addOnsInUse: `coalesce(addons.names, ${emptyListSql(format)})`,
    firstLeaseAt: 'per.first',
    lastActivityAt: 'per.last',
    monthlyAmountCents: '(per.cents + coalesce(addons.cents, 0))',
    machineNames: 'per.machines',
  };
  const statement = sql`
    WITH c AS MATERIALIZED (
      -- Ids from Customer_partnerId_id_idx alone, then each row by primary key (OFFSET 0 keeps it a
      -- lookup): left to itself the planner walks the primary key over the range, skipping every other
      -- partner's customers, or scans the whole table.
      SELECT ids.id, x.email, x.name, x.company
      FROM (SELECT id FROM "Customer" WHERE "partnerId" = ${partner}::int AND id > ${after}::int AND id <= ${last}::int) ids
      CROSS JOIN LATERAL (SELECT email, name, company FROM "Customer" WHERE id = ids.id OFFSET 0) x
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
             ${raw(listAggSql(format, 'p.name', 'l.active'))} AS products,
             ${raw(listAggSql(format, 'l."serverName"', 'l.active AND l."serverName" IS NOT NULL'))} AS machines,
             min(l."startedAt") AS first,
             greatest(max(l."startedAt"), max(l."stoppedAt"), max(l."lastSeenAt")) AS last,
             coalesce(sum(pp."amountCents") FILTER (WHERE l.active), 0)::int8 AS cents
      FROM l JOIN "Product" p ON p.id = l."productId" LEFT JOIN pp ON pp."productId" = l."productId"
      GROUP BY l."customerId"
    ),
    lease_addons AS MATERIALIZED (
      SELECT l."customerId", la."addOnId", p."tierRank"
      FROM "LeaseAddOn" la
      JOIN l ON l.id = la."leaseId"
      JOIN "Product" p ON p.id = l."productId"
      WHERE la."partnerId" = ${partner}::int AND la."customerId" > ${after}::int AND la."customerId" <= ${last}::int AND l.active
    ),
    addons AS (
      SELECT x."customerId", ${raw(listAggSql(format, 'a.name'))} AS names, sum(coalesce(ap."amountCents", 0))::int8 AS cents
      FROM lease_addons x
      JOIN "AddOn" a ON a.id = x."addOnId"
      LEFT JOIN ap ON ap."addOnId" = x."addOnId" AND ap."tierRank" = x."tierRank"
      GROUP BY x."customerId"
    ),
    cells AS MATERIALIZED (
      SELECT c.id, ${raw(cellsSql(format, columns))}
      FROM c JOIN per ON per."customerId" = c.id LEFT JOIN addons ON addons."customerId" = c.id
      WHERE ${raw(filter.scope === 'CURRENT' ? 'per.active > 0' : 'per.total > 0')}
    )
    SELECT count(*)::int AS rows, coalesce(string_agg(${raw(lineSql(format))}, '' ORDER BY id), '') AS lines FROM cells`;
  return forPg(statement);
}

/**
 * One chunk of the export, as UTF-8 bytes. The lines come back as one text value, which pg decodes to a
 * string; encoding it back once here is all the work Node does on the lines. (pg's `binary` results are no
 * way around that: pg decodes every value as UTF-8 text first, so binary integers come back corrupted.)
 */
export async function readCustomerExportChunk(pool: pg.Pool, range: ChunkRange, filter: CustomerExportFilter, format: ExportFormat, now: Date): Promise<ExportChunk> {
  const result = await pool.query<{ rows: number; lines: string }>(chunkStatement(range, filter, format, now));
  const row = result.rows[0];
  return row ? { rows: row.rows, bytes: Buffer.from(row.lines, 'utf8') } : { rows: 0, bytes: new Uint8Array() };
}

/**
 * The partner's customers cut into ranges of `chunkSize` (as they are when the export starts: later
 * customers are not in it). One pass over Customer_partnerId_id_idx; only the boundaries are kept.
 */
export async function chunkRanges(pool: pg.Pool, partnerId: number, chunkSize: number): Promise<ChunkRange[]> {
  const result = await pool.query<{ id: number }>({
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
export async function countCustomerExport(pool: pg.Pool, partnerId: number | null, filter: CustomerExportFilter): Promise<number> {
  const partner = partnerId === null ? empty : sql`AND l."partnerId" = ${partnerId}::int`;
  const having = filter.scope === 'CURRENT' ? sql`HAVING bool_or(l.status = 'ACTIVE')` : empty;
  const result = await pool.query<{ n: number }>(
    forPg(sql`SELECT count(*)::int AS n FROM (
      SELECT 1 FROM "Lease" l WHERE TRUE ${partner} ${leaseFilterSql(filter)}
      GROUP BY l."partnerId", l."customerId" ${having}
    ) matching`),
  );
  return result.rows[0]?.n ?? 0;
}

/** The partners whose customers an export reads: the one given, or every partner (null: the benchmark). */
async function exportPartners(pool: pg.Pool, partnerId: number | null): Promise<number[]> {
  if (partnerId !== null) return [partnerId];
  const result = await pool.query<{ id: number }>(`SELECT id FROM "Partner" ORDER BY id`);
  return result.rows.map((row) => row.id);
}

/**
 * Every customer of the export, chunk by chunk, partner by partner, in customer id order (chunks without
 * a matching customer are skipped). Up to READ_AHEAD chunks are read while the caller handles the current
 * one, so at most READ_AHEAD + 1 chunks are in memory; between chunks the generator yields to the event
 * loop, so an embedded database (which runs on this thread) and other requests keep being served.
 */
export async function* customerExportChunks(
  pool: pg.Pool,
  partnerId: number | null,
  filter: CustomerExportFilter,
  format: ExportFormat,
  now: Date,
  chunkSize: number = EXPORT_CHUNK_SIZE,
): AsyncGenerator<ExportChunk> {
  for (const partner of await exportPartners(pool, partnerId)) {
    const ranges = await chunkRanges(pool, partner, chunkSize);
    const pending: Promise<ExportChunk>[] = [];
    let next = 0;
    const readAhead = () => {
      while (pending.length < READ_AHEAD && next < ranges.length) {
        const read = readCustomerExportChunk(pool, ranges[next++]!, filter, format, now);
        read.catch(() => {}); // observed when its turn comes; until then a failure must not go unhandled
        pending.push(read);
      }
    };
    try {
      readAhead();
      while (pending.length) {
        const chunk = await pending.shift()!;
        readAhead();
        if (chunk.rows) yield chunk;
        await yieldToEventLoop();
      }
    } finally {
      // A consumer that stops early (a client that went away) leaves reads that nobody awaits.
      for (const read of pending) read.catch(() => {});
    }
  }
}
