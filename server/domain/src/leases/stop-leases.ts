import { Prisma, type Db } from '@leaseboard/db';
import type { RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { findIdleLeases } from '../reports/find-idle-leases.ts';
import { fail, ok, type Result } from '../result.ts';
import type { LeaseErrorCode } from './lease-errors.ts';
import { leaseMatches, type LeaseFilter } from './lease-filter.rules.ts';
import { leaseMonthlyPrices } from './lease-monthly-prices.ts';
import { stopLeaseInTransaction, stopRefusal } from './stop-lease.ts';

/**
 * One call stops at most this many leases: one transaction, row locks held until it commits. Measured: 100
 * leases take about 4 s on embedded PGlite, 500 about 4.5 s on PostgreSQL; 200 keeps PGlite well inside
 * the 20 s transaction limit of idempotent().
 */
export const MAX_LEASES_PER_CALL = 200;

export interface IdleLeasesSelection {
  productTypeId: number | null;
  productId: number | null;
}

export interface StopLeasesInput {
  /** These leases (another partner's ID is NOT_FOUND), or … */
  leaseIds?: readonly number[] | null;
  /** … the idle leases of the idle-leases report (most expensive first, at most MAX_LEASES_PER_CALL), or … */
  idle?: IdleLeasesSelection | null;
  /** … the active leases that the lease list's filter matches (lowest ID first, at most MAX_LEASES_PER_CALL). */
  matching?: LeaseFilter | null;
  /** Say what would happen and change nothing. */
  dryRun: boolean;
  idempotencyKey?: string | null;
}

export type StopLeaseOutcome = 'STOPPED' | 'WOULD_STOP' | 'ALREADY_STOPPED' | 'NOT_FOUND' | 'REFUSED';

/** A type, not an interface: the report is stored as JSON for idempotent replay. */
export type StopLeasesItem = {
  leaseId: number;
  outcome: StopLeaseOutcome;
  /** Why it was not stopped (null when it was, or would be). */
  code: LeaseErrorCode | null;
  message: string | null;
  productName: string | null;
  customerEmail: string | null;
  /** What the lease costs per month at the prices in force now (0 for a lease not found). */
  monthlyCents: number;
};

export type StopLeasesReport = {
  dryRun: boolean;
  items: StopLeasesItem[];
  /** Leases stopped (or, in a dry run, that would be). */
  stoppedCount: number;
  alreadyStoppedCount: number;
  notFoundCount: number;
  refusedCount: number;
  /** The sum of monthlyCents over the leases stopped (or that would be). */
  monthlySavingCents: number;
  /** Leases the selection matched: the IDs sent, every idle lease in scope, or every active lease the filter matches. */
  matchedCount: number;
  /** Leases matched by a filter but left for another call (beyond MAX_LEASES_PER_CALL). */
  remainingCount: number;
};

/**
 * Stops many leases at once, each through stopLease's own rule and writes (stopLeaseInTransaction), in one
 * transaction in ascending ID order (so two batches never deadlock), and answers per lease: stopped,
 * already stopped, not found (another partner's lease included) or refused with its code. A dry run
 * applies the same rule (stopRefusal) without locking or writing. With an idempotency key, a retry returns
 * the first answer.
 */
export async function stopLeases(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: StopLeasesInput,
): Promise<Result<StopLeasesReport, LeaseErrorCode>> {
  const hasIds = input.leaseIds != null && input.leaseIds.length > 0;
  if ([hasIds, input.idle != null, input.matching != null].filter(Boolean).length !== 1) {
    return fail('NO_LEASES_SELECTED', 'Select leases by exactly one of leaseIds (at least one), the idle filter or a lease filter.', ['leaseIds']);
  }
  const selection = await selectLeases(db, partnerId, meta.at, input);
  if (!selection.ok) return selection;
  const { ids, matchedCount } = selection.value;

  const rows = await db.lease.findMany({
    where: { id: { in: ids }, partnerId },
    select: {
      id: true,
      status: true,
      version: true,
      productId: true,
      addOnIds: true,
      product: { select: { name: true, tierRank: true } },
      customer: { select: { email: true } },
    },
  });
  const leases = new Map(rows.map((row) => [row.id, row]));
  const prices = await leaseMonthlyPrices(db, rows.map((r) => ({ id: r.id, productId: r.productId, tierRank: r.product.tierRank, addOnIds: r.addOnIds })), meta.at);
  const describe = (leaseId: number) => {
    const lease = leases.get(leaseId);
    return { leaseId, productName: lease?.product.name ?? null, customerEmail: lease?.customer.email ?? null, monthlyCents: prices.get(leaseId) ?? 0 };
  };

  if (input.dryRun) {
    const items = ids.map((leaseId) => {
      const refusal = stopRefusal(leases.get(leaseId) ?? null, {});
      return item(describe(leaseId), refusal ? refusal.errors[0]! : null, 'WOULD_STOP');
    });
    return ok(report(true, items, matchedCount));
  }

  const request = { leaseIds: input.leaseIds ? ids : null, idle: input.idle ?? null, ...(input.matching ? { matching: input.matching } : {}) };
  return idempotent(db, { partnerId, key: input.idempotencyKey, operation: 'stopLeases', input: request }, async (tx) => {
    const items: StopLeasesItem[] = [];
    for (const leaseId of [...ids].sort((a, b) => a - b)) {
      const result = await stopLeaseInTransaction(tx, partnerId, meta, { leaseId });
      items.push(item(describe(leaseId), result.ok ? null : result.errors[0]!, 'STOPPED'));
    }
    const order = new Map(ids.map((id, index) => [id, index]));
    items.sort((a, b) => order.get(a.leaseId)! - order.get(b.leaseId)!);
    return ok(report(false, items, matchedCount));
  });
}

async function selectLeases(
  db: Db,
  partnerId: number,
  now: Date,
  input: StopLeasesInput,
): Promise<Result<{ ids: number[]; matchedCount: number }, LeaseErrorCode>> {
  if (input.leaseIds && input.leaseIds.length > 0) {
    const ids = [...new Set(input.leaseIds)];
    if (ids.length > MAX_LEASES_PER_CALL) {
      return fail('TOO_MANY_LEASES', `At most ${MAX_LEASES_PER_CALL} leases per call; this one names ${ids.length}. Split them into batches.`, ['leaseIds']);
    }
    return ok({ ids, matchedCount: ids.length });
  }
  if (input.matching) return ok(await activeMatches(db, partnerId, input.matching));
  const idle = input.idle!;
  const page = await findIdleLeases(db, { partnerId, productTypeId: idle.productTypeId, productId: idle.productId }, now, { first: MAX_LEASES_PER_CALL });
  return ok({ ids: page.leases.map((l) => l.leaseId), matchedCount: page.totalCount });
}

/**
 * The partner's active leases that the lease list's filter matches (its own rule, leaseMatches), lowest ID
 * first, at most MAX_LEASES_PER_CALL of them, and how many match in all. A filter on STOPPED matches none.
 */
async function activeMatches(db: Db, partnerId: number, filter: LeaseFilter): Promise<{ ids: number[]; matchedCount: number }> {
  if (filter.status === 'STOPPED') return { ids: [], matchedCount: 0 };
  const rows = await db.$queryRaw<{ id: number | null; total: bigint }[]>(Prisma.sql`
    WITH matching AS MATERIALIZED (SELECT l.id FROM "Lease" l WHERE ${leaseMatches(partnerId, { ...filter, status: 'ACTIVE' })})
    SELECT page.id, (SELECT count(*) FROM matching) AS total
    FROM (SELECT 1) one LEFT JOIN (SELECT id FROM matching ORDER BY id LIMIT ${MAX_LEASES_PER_CALL}) page ON TRUE
    ORDER BY page.id`);
  return { ids: rows.flatMap((r) => (r.id === null ? [] : [r.id])), matchedCount: Number(rows[0]?.total ?? 0) };
}

function item(
  lease: Pick<StopLeasesItem, 'leaseId' | 'productName' | 'customerEmail' | 'monthlyCents'>,
  refusal: { code: LeaseErrorCode; message: string } | null,
  success: 'STOPPED' | 'WOULD_STOP',
): StopLeasesItem {
  if (!refusal) return { ...lease, outcome: success, code: null, message: null };
  const outcome: StopLeaseOutcome =
    refusal.code === 'LEASE_NOT_FOUND' ? 'NOT_FOUND' : refusal.code === 'LEASE_ALREADY_STOPPED' ? 'ALREADY_STOPPED' : 'REFUSED';
  return { ...lease, outcome, code: refusal.code, message: refusal.message };
}

function report(dryRun: boolean, items: StopLeasesItem[], matchedCount: number): StopLeasesReport {
  const count = (outcome: StopLeaseOutcome) => items.filter((i) => i.outcome === outcome).length;
  const stopping = items.filter((i) => i.outcome === 'STOPPED' || i.outcome === 'WOULD_STOP');
  return {
    dryRun,
    items,
    stoppedCount: stopping.length,
    alreadyStoppedCount: count('ALREADY_STOPPED'),
    notFoundCount: count('NOT_FOUND'),
    refusedCount: count('REFUSED'),
    monthlySavingCents: stopping.reduce((sum, i) => sum + i.monthlyCents, 0),
    matchedCount,
    remainingCount: matchedCount - items.length,
  };
}
