import { Prisma, queryRows, type CustomerModel as Customer, type Db, type LeaseModel as Lease } from '@leaseboard/db';
import { cappedCount } from '../capped-count.rules.ts';
import { fail, ok, type Result } from '../result.ts';
import { leaseMatches, leaseTextMatches, type LeaseFilter } from './lease-filter.rules.ts';
import { beyond, decodeCursor, encodeCursor, orderBy, positionOf, sortColumns, sortKeyColumn, type LeasePosition, type LeaseSort } from './lease-order.rules.ts';

export const MAX_LEASE_PAGE = 100;
export const DEFAULT_LEASE_PAGE = 25;

export interface SearchLeasesInput {
  filter: LeaseFilter;
  sort: LeaseSort;
  /** Relay's paging arguments: `first` after a cursor (forwards) or `last` before one (backwards). */
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  /**
   * NONE: no count. CAPPED: exact up to `countCap`, beyond it `countCap` and not exact (cost bounded by the
   * cap, whatever the matches). EXACT: every match counted, at the cost of visiting each one.
   */
  count: 'NONE' | 'CAPPED' | 'EXACT';
  countCap: number;
  /**
   * The lease columns to read, when the caller needs only some (its `id` and `customerId` are always read);
   * every column when omitted. The customers are read whole.
   */
  leaseColumns?: readonly LeaseColumn[];
}

export type LeaseColumn = keyof Lease;

export interface LeasePage {
  /**
   * The page's leases and their customers in the sort order, each with the cursor of its position. A lease
   * holds the columns asked for (`leaseColumns`), the others are absent.
   */
  leases: { lease: Lease; customer: Customer; cursor: string }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Null when no count was asked for. */
  totalCount: number | null;
  /** False when there are more than `totalCount` matches (the count stopped at the cap). */
  totalCountIsExact: boolean;
}

/**
 * A lease of the page, its customer's columns (prefixed `customer.`), its sort key, and the count (the same
 * on every row; null when not asked).
 */
type PageRow = Lease & { k: Date | string | null; total: string | null } & Record<`customer.${string}`, unknown>;

const LEASE_COLUMNS: readonly LeaseColumn[] = Object.values(Prisma.LeaseScalarFieldEnum);
const ALWAYS_READ: readonly LeaseColumn[] = ['id', 'customerId'];
const CUSTOMER_COLUMNS = Object.values(Prisma.CustomerScalarFieldEnum).map((column) => [column, `customer.${column}`] as const);
const JOIN_ROWS = Prisma.sql`LEFT JOIN "Lease" l ON l.id = page.id LEFT JOIN "Customer" c ON c.id = l."customerId"`;

/** The columns a page reads of its leases (in the table's order, so that equal sets read alike) and of their customers. */
function pageColumns(asked: readonly LeaseColumn[] | undefined) {
  const lease = asked ? LEASE_COLUMNS.filter((column) => ALWAYS_READ.includes(column) || asked.includes(column)) : LEASE_COLUMNS;
  const sql = Prisma.raw([...lease.map((column) => `l."${column}"`), ...CUSTOMER_COLUMNS.map(([column, as]) => `c."${column}" AS "${as}"`)].join(', '));
  const rowsOf = (row: PageRow): { lease: Lease; customer: Customer } => {
    const leaseRow: Record<string, unknown> = {};
    const customer: Record<string, unknown> = {};
    for (const column of lease) leaseRow[column] = row[column];
    for (const [column, as] of CUSTOMER_COLUMNS) customer[column] = row[as];
    return { lease: leaseRow as Lease, customer: customer as Customer };
  };
  return { sql, rowsOf };
}

/** A page that asks for no columns in particular reads every one: built once, not per request. */
const WHOLE_ROWS = pageColumns(undefined);
/** The columns of pages that ask for the same list (the same array: the API's is one per document), built once. */
const pagesColumns = new WeakMap<readonly LeaseColumn[], ReturnType<typeof pageColumns>>();

function pageColumnsOf(asked: readonly LeaseColumn[] | undefined) {
  if (!asked) return WHOLE_ROWS;
  let columns = pagesColumns.get(asked);
  if (!columns) pagesColumns.set(asked, (columns = pageColumns(asked)));
  return columns;
}

export type SearchLeasesCode = 'BAD_CURSOR' | 'BAD_PAGE_SIZE';

/**
 * How a partial text search is told narrow or broad: the newest PROBE_SAMPLE leases (of the partner, or of
 * all partners) are tried against it, and fewer than PROBE_HITS matches among them make it narrow.
 */
export const PROBE_SAMPLE = 500;
export const PROBE_HITS = 5;

/**
 * One page of the leases a filter matches, in any sort order, and (when asked) their count: one SQL
 * statement whatever the page size, the sort order or how deep the page is. The filter is `leaseMatches`,
 * the same condition for the page and the count.
 */
export async function searchLeases(db: Db, partnerId: number | null, input: SearchLeasesInput): Promise<Result<LeasePage, SearchLeasesCode>> {
  const backwards = input.last != null || (input.before != null && input.first == null);
  const size = backwards ? (input.last ?? DEFAULT_LEASE_PAGE) : (input.first ?? DEFAULT_LEASE_PAGE);
  if (!Number.isInteger(size) || size < 0) return fail('BAD_PAGE_SIZE', 'The page size must be 0 or more.', [backwards ? 'last' : 'first']);
  const limit = Math.min(size, MAX_LEASE_PAGE);
  const cursor = backwards ? input.before : input.after;
  let from: LeasePosition | null = null;
  if (cursor != null) {
    from = decodeCursor(input.sort, cursor);
    if (!from) return fail('BAD_CURSOR', 'This cursor does not belong to this list or sort order.', [backwards ? 'before' : 'after']);
  }

  const countCap = Math.max(1, Math.floor(input.countCap));
  const columns = pageColumnsOf(input.leaseColumns);
  const keyset = from ? beyond(input.sort, from, backwards) : Prisma.sql`TRUE`;
  const source = matchingLeases(partnerId, input.filter);
  // Past the cap the term is broad, wherever the probe put it: the ordered scan to the page's end.
  const where = Prisma.sql`${leaseMatches(partnerId, input.filter, { long: 'STRPOS' })} AND ${keyset}`;
  const page = source.select(Prisma.sql`l.id, ${sortKeyColumn(input.sort)} AS k`, keyset, Prisma.sql`ORDER BY ${orderBy(input.sort, backwards)} LIMIT ${limit + 1}`);

  // The page's leases (the columns asked for) and their customers are read by the same statement: what the
  // API shows of them comes from these rows.
  let statement: Prisma.Sql;
  if (input.count === 'NONE') {
    statement = Prisma.sql`${source.with()}
      SELECT ${columns.sql}, page.k, NULL AS total FROM (${page}) page ${JOIN_ROWS} ORDER BY ${orderBy(input.sort, backwards, 'page')}`;
  } else if (input.count === 'EXACT') {
    // The count rides along with the page in one statement; an empty page still returns the count's row.
    statement = Prisma.sql`${source.with()}
      SELECT ${columns.sql}, page.k, counted.total FROM (SELECT count(*) AS total FROM (${source.select(Prisma.sql`1`, Prisma.sql`TRUE`, Prisma.empty)}) m) counted
      LEFT JOIN (${page}) page ON TRUE ${JOIN_ROWS} ORDER BY ${orderBy(input.sort, backwards, 'page')}`;
  } else {
    // The matches are found once, at most cap + 1 of them. When they are all there (a narrow search), the page
    // comes from them; otherwise from an ordered scan that stops at the page's end. Each branch's condition
    // is a one-time filter, so only one of them runs.
    const pageFrom = (table: Prisma.Sql, condition: Prisma.Sql) => Prisma.sql`
      (SELECT l.id, ${sortKeyColumn(input.sort)} AS k FROM ${table} l
       WHERE ${condition} ORDER BY ${orderBy(input.sort, backwards)} LIMIT ${limit + 1})`;
    statement = Prisma.sql`${source.with(
      Prisma.sql`found AS MATERIALIZED (${source.select(sortColumns(input.sort), Prisma.sql`TRUE`, Prisma.sql`LIMIT ${countCap + 1}`)})`,
      Prisma.sql`counted AS (SELECT count(*) AS total FROM found)`,
      Prisma.sql`page AS (
          ${pageFrom(Prisma.sql`found`, Prisma.sql`(SELECT total FROM counted) <= ${countCap} AND ${keyset}`)}
          UNION ALL
          ${pageFrom(Prisma.sql`"Lease"`, Prisma.sql`(SELECT total FROM counted) > ${countCap} AND ${where}`)})`,
    )}
      SELECT ${columns.sql}, page.k, counted.total FROM counted LEFT JOIN page ON TRUE ${JOIN_ROWS} ORDER BY ${orderBy(input.sort, backwards, 'page')}`;
  }
  const rows = await queryRows<PageRow>(db, statement);

  // An empty page still has the count's row, with no lease in it.
  const found = rows.filter((row) => row.id !== null);
  const more = found.length > limit;
  const shown = found.slice(0, limit);
  if (backwards) shown.reverse();
  const leases = shown.map((row) => ({ ...columns.rowsOf(row), cursor: encodeCursor(input.sort, positionOf(input.sort, { id: row.id, k: row.k })) }));

  const { totalCount, totalCountIsExact } =
    input.count === 'NONE' ? { totalCount: null, totalCountIsExact: true } : cappedCount(Number(rows[0]?.total ?? 0), countCap, input.count === 'EXACT');
  return ok({
    leases,
    // Relay: reading forwards, there is a page before whenever we started after a cursor; and the same backwards.
    hasNextPage: backwards ? input.before != null : more,
    hasPreviousPage: backwards ? more : input.after != null,
    totalCount,
    totalCountIsExact,
  });
}

/**
 * The leases a filter matches, as a statement's source: `with(...ctes)` is the statement's WITH clause (the
 * source's own common table expressions, then the caller's), and `select(columns, and, tail)` reads the
 * matches from `"Lease" l`. A partial text term of GRAM characters or more is either narrow, best found
 * through the gram indexes from its rarest pieces, or broad, best found by the ordered scan that stops at
 * the LIMIT (a gram lookup would list every match first). A probe of the newest leases tells which, once
 * per statement, and only that branch runs.
 */
function matchingLeases(partnerId: number | null, filter: LeaseFilter) {
  const text = leaseTextMatches(filter);
  const withClause = (ctes: Prisma.Sql[]) => (ctes.length ? Prisma.sql`WITH ${Prisma.join(ctes, ', ')}` : Prisma.empty);
  if (!text) {
    const all = leaseMatches(partnerId, filter);
    return {
      with: (...ctes: Prisma.Sql[]) => withClause(ctes),
      select: (columns: Prisma.Sql, and: Prisma.Sql, tail: Prisma.Sql) => Prisma.sql`SELECT ${columns} FROM "Lease" l WHERE ${all} AND ${and} ${tail}`,
    };
  }
  const [narrow, broad] = [leaseMatches(partnerId, filter, { long: 'GRAMS' }), leaseMatches(partnerId, filter, { long: 'STRPOS' })];
  const partner = partnerId === null ? Prisma.sql`TRUE` : Prisma.sql`l."partnerId" = ${partnerId}`;
  const probe = Prisma.sql`probe AS (
    SELECT count(*) < ${PROBE_HITS} AS narrow FROM (
      SELECT l."customerEmailNorm", l."serverNorm" FROM "Lease" l WHERE ${partner} ORDER BY l.id DESC LIMIT ${PROBE_SAMPLE}) l
    WHERE ${text})`;
  return {
    with: (...ctes: Prisma.Sql[]) => withClause([probe, ...ctes]),
    select: (columns: Prisma.Sql, and: Prisma.Sql, tail: Prisma.Sql) => Prisma.sql`
      (SELECT ${columns} FROM "Lease" l WHERE (SELECT narrow FROM probe) AND ${narrow} AND ${and} ${tail})
      UNION ALL
      (SELECT ${columns} FROM "Lease" l WHERE NOT (SELECT narrow FROM probe) AND ${broad} AND ${and} ${tail})`,
  };
}
