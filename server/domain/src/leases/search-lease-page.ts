import { Prisma, type Db } from '@leaseboard/db';
import { normalizeLicenseKey } from '../licenses/license-key.rules.ts';
import type { LeaseFilter } from './lease-search.rules.ts';

export interface LeasePage {
  ids: number[];
  /** Every lease the filter matches, whatever the page; null when the page is empty and nothing was counted. */
  total: number | null;
}

/**
 * One page of lease ids in id order, plus (withTotal) the count of every match, from a single scan of the
 * search indexes (the count is a window over the matches). Without the total, the page alone reads only as
 * far as it needs. The same conditions as `leaseWhere`.
 */
export async function searchLeasePage(
  db: Db,
  partnerId: number | null,
  filter: LeaseFilter,
  page: { descending: boolean; afterId: number | null; limit: number; withTotal: boolean },
): Promise<LeasePage> {
  const where = Prisma.join(conditions(partnerId, filter), ' AND ');
  const after = page.afterId === null ? Prisma.sql`TRUE` : page.descending ? Prisma.sql`id < ${page.afterId}` : Prisma.sql`id > ${page.afterId}`;
  const order = page.descending ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  if (!page.withTotal) {
    const rows = await db.$queryRaw<{ id: number }[]>`
      SELECT l.id FROM "Lease" l WHERE ${where} AND ${after} ORDER BY l.id ${order} LIMIT ${page.limit}`;
    return { ids: rows.map((r) => r.id), total: null };
  }
  const rows = await db.$queryRaw<{ id: number; total: bigint }[]>`
    SELECT id, total FROM (SELECT l.id, count(*) OVER () AS total FROM "Lease" l WHERE ${where}) matches
    WHERE ${after} ORDER BY id ${order} LIMIT ${page.limit}`;
  return { ids: rows.map((r) => r.id), total: rows.length ? Number(rows[0]!.total) : null };
}

function conditions(partnerId: number | null, f: LeaseFilter): Prisma.Sql[] {
  const and: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (partnerId !== null) and.push(Prisma.sql`l."partnerId" = ${partnerId}`);
  if (f.leaseId != null) and.push(Prisma.sql`l.id = ${f.leaseId}`);
  if (f.customerEmail?.trim()) and.push(Prisma.sql`l."customerEmailNorm" LIKE ${containing(f.customerEmail)}`);
  if (f.licenseKey?.trim()) and.push(Prisma.sql`l."licenseKey" = ${normalizeLicenseKey(f.licenseKey) ?? 'no-such-key'}`);
  if (f.serverName?.trim()) and.push(Prisma.sql`l."serverNorm" LIKE ${containing(f.serverName)}`);
  if (f.status) and.push(Prisma.sql`l.status = ${f.status}::"LeaseStatus"`);
  if (f.productTypeId != null) and.push(Prisma.sql`l."productId" IN (SELECT id FROM "Product" WHERE "productTypeId" = ${f.productTypeId})`);
  if (f.productId != null) and.push(Prisma.sql`l."productId" = ${f.productId}`);
  if (f.customerId != null) and.push(Prisma.sql`l."customerId" = ${f.customerId}`);
  if (f.startedFrom) and.push(Prisma.sql`l."startedAt" >= ${f.startedFrom}`);
  if (f.startedTo) and.push(Prisma.sql`l."startedAt" < ${f.startedTo}`);
  const search = f.search?.trim();
  if (search) {
    const any: Prisma.Sql[] = [Prisma.sql`l."customerEmailNorm" LIKE ${containing(search)}`, Prisma.sql`l."serverNorm" LIKE ${containing(search)}`];
    if (/^#?\d{1,9}$/.test(search) && Number(search.replace('#', '')) <= 2_147_483_647) any.push(Prisma.sql`l.id = ${Number(search.replace('#', ''))}`);
    const key = normalizeLicenseKey(search);
    if (key) any.push(Prisma.sql`l."licenseKey" = ${key}`);
    and.push(Prisma.sql`(${Prisma.join(any, ' OR ')})`);
  }
  return and;
}

/** A LIKE pattern for a lower-cased fragment anywhere; the fragment's own % and _ match themselves. */
function containing(fragment: string): string {
  return `%${fragment.trim().toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
}
