import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Prisma, type Db } from '@leaseboard/db';
import { currentPricesCtes } from '../reports/report-sql.ts';
import type { CustomerExportFilter, CustomerExportRow } from './customer-export.rules.ts';

/** Customers read per statement: big enough to be fast, small enough that memory stays flat. */
export const EXPORT_CHUNK_SIZE = 2000;

/**
 * `AND …` on the lease alias `l` for the export filter (all values bound as parameters). `partnerId`
 * null is every partner: only the benchmark uses it; the API always passes the viewer's partner.
 */
function leaseFilterSql(filter: CustomerExportFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filter.productTypeId != null) {
    parts.push(Prisma.sql`AND l."productId" IN (SELECT id FROM "Product" WHERE "productTypeId" = ${filter.productTypeId})`);
  }
  if (filter.from) parts.push(Prisma.sql`AND l."startedAt" >= ${filter.from}`);
  if (filter.to) parts.push(Prisma.sql`AND l."startedAt" < ${filter.to}`);
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}

/**
 * The customers of the export after `afterId`. The lease side repeats the bound, so that whichever join
 * the planner picks starts at the chunk instead of at the first customer.
 */
function customerWhereSql(partnerId: number | null, filter: CustomerExportFilter, afterId = 0): Prisma.Sql {
  const partner = partnerId === null ? Prisma.empty : Prisma.sql`AND c."partnerId" = ${partnerId}`;
  const active = filter.scope === 'CURRENT' ? Prisma.sql`AND l.status = 'ACTIVE'` : Prisma.empty;
  return Prisma.sql`c.id > ${afterId} ${partner}
    AND EXISTS (SELECT 1 FROM "Lease" l WHERE l."customerId" = c.id AND l."customerId" > ${afterId} ${active} ${leaseFilterSql(filter)})`;
}

/** How many customers the export will hold. */
export async function countCustomerExport(db: Db, partnerId: number | null, filter: CustomerExportFilter): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT count(*)::int AS n FROM "Customer" c WHERE ${customerWhereSql(partnerId, filter)}`);
  return rows[0]?.n ?? 0;
}

interface Row extends Omit<CustomerExportRow, 'monthlyAmountCents'> {
  monthlyCents: bigint;
}

/**
 * The next `limit` customers after `afterId` (by customer ID: keyset pagination, so every chunk is an
 * index range whatever its position), with their lease aggregates, in one statement.
 */
export async function readCustomerExportChunk(
  db: Db,
  partnerId: number | null,
  filter: CustomerExportFilter,
  now: Date,
  afterId: number,
  limit: number = EXPORT_CHUNK_SIZE,
): Promise<CustomerExportRow[]> {
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH cust AS MATERIALIZED (
      SELECT c.id, c.email, c.name, c.company FROM "Customer" c
      WHERE ${customerWhereSql(partnerId, filter, afterId)}
      ORDER BY c.id LIMIT ${limit}
    ),
    ${currentPricesCtes(now)},
    leases AS MATERIALIZED (
      SELECT l.id, l."customerId", l.status, l."productId", l."startedAt", l."stoppedAt", l."lastSeenAt", l."serverName",
             p.name AS "productName", p."tierRank"
      FROM cust JOIN "Lease" l ON l."customerId" = cust.id JOIN "Product" p ON p.id = l."productId"
      WHERE TRUE ${leaseFilterSql(filter)}
    ),
    per_customer AS (
      SELECT x."customerId",
             count(*) FILTER (WHERE x.status = 'ACTIVE')::int AS "activeLeases",
             count(*)::int AS "totalLeases",
             coalesce(array_agg(DISTINCT x."productName" COLLATE "C" ORDER BY x."productName" COLLATE "C") FILTER (WHERE x.status = 'ACTIVE'), '{}') AS "productsInUse",
             coalesce(array_agg(DISTINCT x."serverName" COLLATE "C" ORDER BY x."serverName" COLLATE "C") FILTER (WHERE x.status = 'ACTIVE' AND x."serverName" IS NOT NULL), '{}') AS "machineNames",
             min(x."startedAt") AS "firstLeaseAt",
             greatest(max(x."startedAt"), max(x."stoppedAt"), max(x."lastSeenAt")) AS "lastActivityAt",
             coalesce(sum(pp."amountCents") FILTER (WHERE x.status = 'ACTIVE'), 0)::bigint AS "productCents"
      FROM leases x LEFT JOIN pp ON pp."productId" = x."productId"
      GROUP BY x."customerId"
    ),
    addons AS (
      SELECT x."customerId",
             array_agg(DISTINCT a.name COLLATE "C" ORDER BY a.name COLLATE "C") AS names,
             sum(coalesce(ap."amountCents", 0))::bigint AS cents
      FROM leases x
      JOIN "LeaseAddOn" la ON la."leaseId" = x.id
      JOIN "AddOn" a ON a.id = la."addOnId"
      LEFT JOIN ap ON ap."addOnId" = la."addOnId" AND ap."tierRank" = x."tierRank"
      WHERE x.status = 'ACTIVE'
      GROUP BY x."customerId"
    )
    SELECT cust.id AS "customerId", cust.email, cust.name, cust.company,
           pc."activeLeases", pc."totalLeases", pc."productsInUse", coalesce(addons.names, '{}') AS "addOnsInUse",
           pc."firstLeaseAt", pc."lastActivityAt", pc."productCents" + coalesce(addons.cents, 0) AS "monthlyCents", pc."machineNames"
    FROM cust
    JOIN per_customer pc ON pc."customerId" = cust.id
    LEFT JOIN addons ON addons."customerId" = cust.id
    ORDER BY cust.id`);
  return rows.map(({ monthlyCents, ...row }) => ({ ...row, monthlyAmountCents: Number(monthlyCents) }));
}

/**
 * Every customer of the export, chunk by chunk. The next chunk is read while the caller handles the
 * current one (at most two chunks in memory), and between chunks the generator yields to the event loop,
 * so an embedded database (which runs on this thread) and other requests keep being served.
 */
export async function* customerExportChunks(
  db: Db,
  partnerId: number | null,
  filter: CustomerExportFilter,
  now: Date,
  chunkSize: number = EXPORT_CHUNK_SIZE,
): AsyncGenerator<CustomerExportRow[]> {
  const read = (afterId: number) => readCustomerExportChunk(db, partnerId, filter, now, afterId, chunkSize);
  let pending: Promise<CustomerExportRow[]> | null = read(0);
  try {
    while (pending) {
      const rows: CustomerExportRow[] = await pending;
      pending = rows.length === chunkSize ? read(rows[rows.length - 1]!.customerId) : null;
      if (rows.length) yield rows;
      await yieldToEventLoop();
    }
  } finally {
    // A consumer that stops early (a client that went away) must not leave a read failing unobserved.
    pending?.catch(() => {});
  }
}
