import type { Db } from '@leaseboard/db';
import type { BillingMonth } from './calendar.rules.ts';
import type { HistoryStep, LeaseHistoryInput } from './lease-components.rules.ts';

/** [action, effectiveAt in epoch ms, toProductId, toAddOnIds], in version order. */
type StepTuple = [HistoryStep['action'], number, number | null, number[]];
/** [leaseId, customer email, steps], in lease id order. */
type LeaseTuple = [number, string, StepTuple[]];

/**
 * The history of every lease of these partners that was active at some moment of the month, in one
 * query: each lease's steps up to the end of the month, in version order. Keyed by partner id; leases in
 * id order. The rows come back aggregated, one JSON text per partner, which keeps a 100,000-lease month
 * to a few hundred rows for the driver to decode.
 */
export async function loadLeaseHistory(
  db: Db,
  partnerIds: readonly number[],
  month: Pick<BillingMonth, 'startMs' | 'endMs'>,
): Promise<Map<number, LeaseHistoryInput[]>> {
  const byPartner = new Map<number, LeaseHistoryInput[]>();
  if (partnerIds.length === 0) return byPartner;
  const start = new Date(month.startMs);
  const end = new Date(month.endMs);
  // Index lookups per lease (history by lease id and version, the customer by id) rather than scans of
  // whole tables per batch. The planner's cost estimate for the aggregates is far above the JIT threshold,
  // and compiling would take longer than running: JIT is off for this one transaction.
  const [, rows] = await db.$transaction([
    db.$executeRaw`SET LOCAL jit = off`,
    db.$queryRaw<{ partnerId: number; leases: string }[]>`
      SELECT l."partnerId",
             json_agg(json_build_array(l.id, (SELECT c.email FROM "Customer" c WHERE c.id = l."customerId"), s.steps) ORDER BY l.id)::text AS leases
      FROM "Lease" l
      CROSS JOIN LATERAL (
        SELECT json_agg(json_build_array(h.action, (extract(epoch FROM h."effectiveAt") * 1000)::int8, h."toProductId", h."toAddOnIds") ORDER BY h.version) AS steps
        FROM "LeaseHistory" h WHERE h."leaseId" = l.id AND h."effectiveAt" < ${end}) s
      WHERE l."partnerId" = ANY(${[...partnerIds]}::int4[])
        AND l."startedAt" < ${end} AND (l."stoppedAt" IS NULL OR l."stoppedAt" > ${start})
        AND s.steps IS NOT NULL
      GROUP BY l."partnerId"`,
  ]);
  for (const row of rows) {
    const leases = (JSON.parse(row.leases) as LeaseTuple[]).map(([leaseId, customerEmail, steps]) => ({
      leaseId,
      customerEmail,
      steps: steps.map(([action, effectiveMs, toProductId, toAddOnIds], index): HistoryStep => ({
        version: index + 1,
        action,
        effectiveAt: new Date(effectiveMs),
        toProductId,
        toAddOnIds,
      })),
    }));
    byPartner.set(row.partnerId, leases);
  }
  return byPartner;
}

/** Partners with at least one lease active at some moment of the month, in id order. */
export async function partnersActiveIn(db: Db, month: Pick<BillingMonth, 'startMs' | 'endMs'>): Promise<number[]> {
  const rows = await db.$queryRaw<{ partnerId: number }[]>`
    SELECT DISTINCT "partnerId" FROM "Lease"
    WHERE "startedAt" < ${new Date(month.endMs)} AND ("stoppedAt" IS NULL OR "stoppedAt" > ${new Date(month.startMs)})
    ORDER BY "partnerId"`;
  return rows.map((row) => row.partnerId);
}
