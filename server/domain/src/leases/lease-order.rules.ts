import { Prisma } from '@leaseboard/db';

export const LEASE_SORTS = ['NEWEST', 'OLDEST', 'STARTED_AT_DESC', 'STARTED_AT_ASC', 'CUSTOMER_EMAIL'] as const;
export type LeaseSort = (typeof LEASE_SORTS)[number];

/**
 * Each sort order is a key and a direction; ties are broken by the lease id in the same direction, so
 * (key, id) is unique and a page can start right after any lease (keyset paging: page 400 reads what
 * page 1 reads). `key` null means the id alone.
 */
const ORDERS: Record<LeaseSort, { key: 'startedAt' | 'customerEmailNorm' | null; descending: boolean }> = {
  NEWEST: { key: null, descending: true },
  OLDEST: { key: null, descending: false },
  STARTED_AT_DESC: { key: 'startedAt', descending: true },
  STARTED_AT_ASC: { key: 'startedAt', descending: false },
  CUSTOMER_EMAIL: { key: 'customerEmailNorm', descending: false },
};

/** Where a page starts: right after this lease in the sort order. */
export interface LeasePosition {
  id: number;
  /** The sort key's value at that lease: an ISO time for the started-at orders, an email, or null. */
  key: string | null;
}

/** The sort key of a lease row as the page statement returns it (`k`), in the form a cursor keeps. */
export function positionOf(sort: LeaseSort, row: { id: number; k: Date | string | null }): LeasePosition {
  const { key } = ORDERS[sort];
  if (key === null) return { id: row.id, key: null };
  return { id: row.id, key: row.k instanceof Date ? row.k.toISOString() : String(row.k) };
}

/**
 * The columns a page in this sort order reads of each match: the id and the sort key, nothing more, so a
 * match found on an index that holds them (the partner's email index holds the email and the id) is read
 * from the index alone, never from the table.
 */
export function sortColumns(sort: LeaseSort): Prisma.Sql {
  const { key } = ORDERS[sort];
  return Prisma.raw(key === null ? 'l.id' : `l.id, l."${key}"`);
}

/** The sort key as a column to select (`k`), for the cursor of each row. */
export function sortKeyColumn(sort: LeaseSort): Prisma.Sql {
  const { key } = ORDERS[sort];
  return key === null ? Prisma.sql`NULL::text` : Prisma.raw(`l."${key}"`);
}

/**
 * ORDER BY for reading in the sort order (`backwards` false) or against it, from the far end: over the
 * Lease table (`l`), or over a page already read (`page`, with its sort key selected as `k`).
 */
export function orderBy(sort: LeaseSort, backwards: boolean, over: 'l' | 'page' = 'l'): Prisma.Sql {
  const { key, descending } = ORDERS[sort];
  const direction = descending !== backwards ? 'DESC' : 'ASC';
  const keyColumn = over === 'l' ? `l."${key}"` : 'page.k';
  return Prisma.raw(key === null ? `${over}.id ${direction}` : `${keyColumn} ${direction}, ${over}.id ${direction}`);
}

/** The leases strictly after `from` in the sort order (or before it, reading backwards). */
export function beyond(sort: LeaseSort, from: LeasePosition, backwards: boolean): Prisma.Sql {
  const { key, descending } = ORDERS[sort];
  const op = Prisma.raw(descending !== backwards ? '<' : '>');
  if (key === null) return Prisma.sql`l.id ${op} ${from.id}`;
  const value = key === 'startedAt' ? new Date(from.key!) : from.key;
  return Prisma.sql`(${Prisma.raw(`l."${key}"`)}, l.id) ${op} (${value}, ${from.id})`;
}

/** An opaque cursor for a lease's position in one sort order. */
export function encodeCursor(sort: LeaseSort, position: LeasePosition): string {
  return Buffer.from(JSON.stringify([sort, position.key, position.id])).toString('base64url');
}

/** The position a cursor names, or null when it is not a cursor of this sort order. */
export function decodeCursor(sort: LeaseSort, cursor: string): LeasePosition | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [cursorSort, key, id] = parsed as unknown[];
  if (cursorSort !== sort || !Number.isSafeInteger(id)) return null;
  const { key: column } = ORDERS[sort];
  if (column === null) return key === null ? { id: id as number, key: null } : null;
  if (typeof key !== 'string') return null;
  if (column === 'startedAt' && Number.isNaN(Date.parse(key))) return null;
  return { id: id as number, key };
}
