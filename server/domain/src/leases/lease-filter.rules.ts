import { Prisma } from '@leaseboard/db';
import { normalizeLicenseKey } from '../licenses/license-key.rules.ts';

export interface LeaseFilter {
  search?: string | null;
  leaseId?: number | null;
  customerEmail?: string | null;
  licenseKey?: string | null;
  serverName?: string | null;
  status?: 'ACTIVE' | 'STOPPED' | null;
  productTypeId?: number | null;
  productId?: number | null;
  customerId?: number | null;
  startedFrom?: Date | null;
  startedTo?: Date | null;
}

/**
 * The one definition of which leases a filter matches: an SQL condition on `"Lease" l`, used for the page
 * and for its count, whatever the sort order. `partnerId` null means every partner's (vendor staff).
 * Partial text criteria match a lower-cased fragment anywhere; `%`, `_` and `\` in it match themselves.
 * With a partner, each text criterion is served by a trigram index that leads with the partner.
 */
export function leaseMatches(partnerId: number | null, filter: LeaseFilter): Prisma.Sql {
  const and: Prisma.Sql[] = [];
  if (partnerId !== null) and.push(Prisma.sql`l."partnerId" = ${partnerId}`);
  if (filter.leaseId != null) and.push(Prisma.sql`l.id = ${filter.leaseId}`);
  const email = filter.customerEmail?.trim();
  if (email) and.push(Prisma.sql`l."customerEmailNorm" LIKE ${containing(email)}`);
  if (filter.licenseKey?.trim()) {
    // A license key that is not well-formed matches no lease.
    const key = normalizeLicenseKey(filter.licenseKey);
    and.push(key ? Prisma.sql`l."licenseKey" = ${key}` : Prisma.sql`FALSE`);
  }
  const server = filter.serverName?.trim();
  if (server) and.push(Prisma.sql`l."serverNorm" LIKE ${containing(server)}`);
  if (filter.status) and.push(Prisma.sql`l.status = ${filter.status}::"LeaseStatus"`);
  if (filter.productTypeId != null) {
    and.push(Prisma.sql`l."productId" IN (SELECT id FROM "Product" WHERE "productTypeId" = ${filter.productTypeId})`);
  }
  if (filter.productId != null) and.push(Prisma.sql`l."productId" = ${filter.productId}`);
  if (filter.customerId != null) and.push(Prisma.sql`l."customerId" = ${filter.customerId}`);
  if (filter.startedFrom) and.push(Prisma.sql`l."startedAt" >= ${filter.startedFrom}`);
  if (filter.startedTo) and.push(Prisma.sql`l."startedAt" < ${filter.startedTo}`);
  const search = filter.search?.trim();
  if (search) and.push(Prisma.sql`(${Prisma.join(searchAlternatives(search), ' OR ')})`);
  return and.length ? Prisma.join(and, ' AND ') : Prisma.sql`TRUE`;
}

/** The admin's one search box: lease ID, customer email (partial), license key, or server name (partial). */
function searchAlternatives(search: string): Prisma.Sql[] {
  const pattern = containing(search);
  const alternatives = [Prisma.sql`l."customerEmailNorm" LIKE ${pattern}`, Prisma.sql`l."serverNorm" LIKE ${pattern}`];
  const id = leaseNumberIn(search);
  if (id !== null) alternatives.push(Prisma.sql`l.id = ${id}`);
  const key = normalizeLicenseKey(search);
  if (key) alternatives.push(Prisma.sql`l."licenseKey" = ${key}`);
  return alternatives;
}

/** "1234" or "#1234" as a lease number; anything else (or past the int range) is not one. */
export function leaseNumberIn(search: string): number | null {
  if (!/^#?\d{1,10}$/.test(search)) return null;
  const id = Number(search.replace('#', ''));
  return id <= 2_147_483_647 ? id : null;
}

/** A LIKE pattern for a lower-cased fragment anywhere; the fragment's own `%`, `_` and `\` match themselves. */
export function containing(fragment: string): string {
  return `%${fragment.trim().toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
}
