import type { Db } from '@leaseboard/db';
import type { RequestMeta } from '../audit/record-audit.ts';
import { addOnPriceKey, currentAddOnPrices, currentProductPrices } from '../catalog/current-prices.ts';
import { findIdleLeases } from '../reports/find-idle-leases.ts';
import { fail, ok, type Result } from '../result.ts';
import type { LeaseErrorCode } from './lease-errors.ts';
import { stopLease } from './stop-lease.ts';

/** At most this many leases in one call: a bigger selection is sent again for the rest. */
export const MAX_BULK_STOP = 500;

export interface StopLeasesInput {
  /** The leases to stop, by lease ID; or `idle` for every idle lease of the partner (see findIdleLeases). */
  leaseIds?: readonly number[] | null;
  idle?: boolean | null;
  /** Only say what would stop and what it would save; change nothing. */
  dryRun: boolean;
  /** Each lease is stopped with `<key>:<lease ID>`, so a retry replays what already happened. */
  idempotencyKey?: string | null;
}

export type BulkStopOutcome = 'STOPPED' | 'WOULD_STOP' | 'REFUSED';

export interface BulkStopResult {
  leaseId: number;
  outcome: BulkStopOutcome;
  /** Why a lease was refused (LEASE_NOT_FOUND, LEASE_ALREADY_STOPPED, …). */
  code: LeaseErrorCode | null;
  message: string | null;
  /** What the lease costs a month at today's prices: what stopping it saves. 0 when refused. */
  monthlyCents: number;
}

export interface StopLeasesOutcome {
  dryRun: boolean;
  results: BulkStopResult[];
  /** The sum over the leases stopped (or, in a dry run, that would stop). */
  monthlySavingCents: number;
}

/**
 * Stops several leases, each through `stopLease` (its own transaction, history row and audit entry), and
 * answers per lease: one refusal (another partner's lease, one already stopped) does not stop the rest.
 * A dry run checks the same things without writing.
 */
export async function stopLeases(db: Db, partnerId: number, meta: RequestMeta, input: StopLeasesInput): Promise<Result<StopLeasesOutcome, LeaseErrorCode>> {
  const byIds = input.leaseIds != null;
  if (byIds === Boolean(input.idle)) return fail('NOT_ALLOWED', 'Name the leases (leaseIds) or ask for every idle lease (idle: true), not both or neither.', ['leaseIds']);
  const ids = byIds
    ? [...new Set(input.leaseIds)]
    : (await findIdleLeases(db, { partnerId }, meta.at, { first: MAX_BULK_STOP })).leases.map((l) => l.leaseId);
  if (ids.length > MAX_BULK_STOP) return fail('NOT_ALLOWED', `At most ${MAX_BULK_STOP} leases at a time.`, ['leaseIds']);

  const leases = await db.lease.findMany({
    where: { id: { in: ids }, partnerId },
    select: { id: true, status: true, productId: true, product: { select: { tierRank: true } }, addOns: { select: { addOnId: true } } },
  });
  const found = new Map(leases.map((l) => [l.id, l]));
  const prices = await currentProductPrices(db, [...new Set(leases.map((l) => l.productId))], meta.at);
  const addOnPrices = await currentAddOnPrices(db, [...new Set(leases.flatMap((l) => l.addOns.map((a) => a.addOnId)))], meta.at);
  const monthlyOf = (lease: (typeof leases)[number]) =>
    (prices.get(lease.productId) ?? 0) + lease.addOns.reduce((sum, a) => sum + (addOnPrices.get(addOnPriceKey(a.addOnId, lease.product.tierRank)) ?? 0), 0);

  const results: BulkStopResult[] = [];
  for (const leaseId of ids) {
    const lease = found.get(leaseId);
    if (input.dryRun) {
      if (!lease) results.push(refused(leaseId, 'LEASE_NOT_FOUND', 'No such lease.'));
      else if (lease.status === 'STOPPED') results.push(refused(leaseId, 'LEASE_ALREADY_STOPPED', 'This lease is already stopped.'));
      else results.push({ leaseId, outcome: 'WOULD_STOP', code: null, message: null, monthlyCents: monthlyOf(lease) });
      continue;
    }
    const key = input.idempotencyKey ? `${input.idempotencyKey}:${leaseId}` : null;
    const stopped = await stopLease(db, partnerId, meta, { leaseId, idempotencyKey: key });
    if (stopped.ok) results.push({ leaseId, outcome: 'STOPPED', code: null, message: null, monthlyCents: lease ? monthlyOf(lease) : 0 });
    else results.push(refused(leaseId, stopped.errors[0]!.code, stopped.errors[0]!.message));
  }
  return ok({ dryRun: input.dryRun, results, monthlySavingCents: results.reduce((sum, r) => sum + r.monthlyCents, 0) });
}

function refused(leaseId: number, code: LeaseErrorCode, message: string): BulkStopResult {
  return { leaseId, outcome: 'REFUSED', code, message, monthlyCents: 0 };
}
