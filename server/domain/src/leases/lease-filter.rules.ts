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
 *
 * `long` says how a partial text criterion of GRAM characters or more is tested (shorter ones are always a
 * `LIKE`): `LIKE` (the planner picks a trigram index or a scan by its estimate of the matches); `GRAMS`, through
 * the column's gram index (`lb_text_grams`), then `strpos`: the plan for a narrow term; or `STRPOS` alone, for
 * a broad term read in order until the LIMIT. search-leases.ts chooses between the last two. `strpos` is the
 * same test as the `LIKE` (the fragment's `%`, `_` and `\` match themselves either way), but the planner does
 * not estimate it against the column's histogram (1–2 ms a statement with 1,000 samples) and cannot take it to
 * a trigram index, which it would otherwise read and AND with the gram index, paying for the lists the grams
 * avoid.
 */
export function leaseMatches(partnerId: number | null, filter: LeaseFilter, { long = 'LIKE' }: { long?: LongTextTest } = {}): Prisma.Sql {
  const and: Prisma.Sql[] = [];
  const partial = (column: TextColumn, fragment: string) => partialMatch(column, fragment, long);
  if (partnerId !== null) and.push(Prisma.sql`l."partnerId" = ${partnerId}`);
  if (filter.leaseId != null) and.push(Prisma.sql`l.id = ${filter.leaseId}`);
  const email = filter.customerEmail?.trim();
  if (email) and.push(partial('customerEmailNorm', email));
  if (filter.licenseKey?.trim()) {
    // A license key that is not well-formed matches no lease.
    const key = normalizeLicenseKey(filter.licenseKey);
    and.push(key ? Prisma.sql`l."licenseKey" = ${key}` : Prisma.sql`FALSE`);
  }
  const server = filter.serverName?.trim();
  if (server) and.push(partial('serverNorm', server));
  if (filter.status) and.push(Prisma.sql`l.status = ${filter.status}::"LeaseStatus"`);
  if (filter.productTypeId != null) {
    and.push(Prisma.sql`l."productId" IN (SELECT id FROM "Product" WHERE "productTypeId" = ${filter.productTypeId})`);
  }
  if (filter.productId != null) and.push(Prisma.sql`l."productId" = ${filter.productId}`);
  if (filter.customerId != null) and.push(Prisma.sql`l."customerId" = ${filter.customerId}`);
  if (filter.startedFrom) and.push(Prisma.sql`l."startedAt" >= ${filter.startedFrom}`);
  if (filter.startedTo) and.push(Prisma.sql`l."startedAt" < ${filter.startedTo}`);
  const search = filter.search?.trim();
  if (search) and.push(Prisma.sql`(${Prisma.join(searchAlternatives(search, partial), ' OR ')})`);
  return and.length ? Prisma.join(and, ' AND ') : Prisma.sql`TRUE`;
}

/**
 * The filter's partial text criteria alone (email, server name, the search box's email or server name), on
 * `l."customerEmailNorm"` and `l."serverNorm"`; null when it has none of GRAM characters or more, so no gram
 * index could serve it. search-leases.ts tries it on a sample of recent leases to tell a narrow term from a
 * broad one.
 */
export function leaseTextMatches(filter: LeaseFilter): Prisma.Sql | null {
  const fragments = [filter.customerEmail, filter.serverName, filter.search].map((f) => f?.trim() ?? '');
  if (!fragments.some((f) => gramKeys(f) !== null)) return null;
  const [email, server, search] = fragments as [string, string, string];
  const and: Prisma.Sql[] = [];
  if (email) and.push(contains('customerEmailNorm', email));
  if (server) and.push(contains('serverNorm', server));
  if (search) and.push(Prisma.sql`(${contains('customerEmailNorm', search)} OR ${contains('serverNorm', search)})`);
  return Prisma.join(and, ' AND ');
}

export type LongTextTest = 'LIKE' | 'GRAMS' | 'STRPOS';
type TextColumn = 'customerEmailNorm' | 'serverNorm';

/** The pieces of text the gram indexes hold: every GRAM characters of an email or a server name. */
export const GRAM = 5;

/**
 * What a gram index looks up for a fragment: pieces of GRAM characters that cover it (from its start every
 * GRAM characters, and its last GRAM), lower-cased as the columns are. Any text that contains the fragment
 * holds every one of them. Null when the fragment is shorter than GRAM.
 */
export function gramKeys(fragment: string): string[] | null {
  const chars = Array.from(fragment.trim().toLowerCase());
  if (chars.length < GRAM) return null;
  const starts = new Set<number>();
  for (let at = 0; at + GRAM <= chars.length; at += GRAM) starts.add(at);
  starts.add(chars.length - GRAM);
  return [...starts].map((at) => chars.slice(at, at + GRAM).join(''));
}

/** A partial text criterion on one column (see `long` in leaseMatches). */
function partialMatch(column: TextColumn, fragment: string, long: LongTextTest): Prisma.Sql {
  const keys = long === 'LIKE' ? null : gramKeys(fragment);
  if (!keys) return Prisma.sql`${Prisma.raw(`l."${column}"`)} LIKE ${containing(fragment)}`;
  if (long === 'STRPOS') return contains(column, fragment);
  return Prisma.sql`(lb_text_grams(${Prisma.raw(`l."${column}"`)}) @> ${keys}::text[] AND ${contains(column, fragment)})`;
}

/** The column holds the lower-cased fragment, every character taken as itself. */
function contains(column: TextColumn, fragment: string): Prisma.Sql {
  return Prisma.sql`strpos(${Prisma.raw(`l."${column}"`)}, ${fragment.trim().toLowerCase()}) > 0`;
}

/** The admin's one search box: lease ID, customer email (partial), license key, or server name (partial). */
function searchAlternatives(search: string, partial: (column: TextColumn, fragment: string) => Prisma.Sql): Prisma.Sql[] {
  const alternatives = [partial('customerEmailNorm', search), partial('serverNorm', search)];
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
