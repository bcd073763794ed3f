import { DAY_MS } from './lease-plan.ts';

/** The history window: 14 months up to now. */
export interface Timeline {
  startMs: number;
  nowMs: number;
}

export const HISTORY_MONTHS = 14;

export function timelineEndingAt(nowMs: number): Timeline {
  const now = new Date(nowMs);
  const startMs = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth() - HISTORY_MONTHS,
    now.getUTCDate(),
    now.getUTCHours(),
    now.getUTCMinutes(),
  );
  return { startMs, nowMs };
}

/** Share of customers that existed before the window (the partners' established base). */
const ESTABLISHED_CUSTOMERS = 0.35;
const ESTABLISHED_SPAN_MS = 3 * 365 * DAY_MS;

/** Creation time of the customer at `fraction` (0…1) of the ascending order. */
export function customerCreatedMs(timeline: Timeline, fraction: number): number {
  if (fraction < ESTABLISHED_CUSTOMERS) {
    return timeline.startMs - ESTABLISHED_SPAN_MS + (fraction / ESTABLISHED_CUSTOMERS) * ESTABLISHED_SPAN_MS;
  }
  const share = (fraction - ESTABLISHED_CUSTOMERS) / (1 - ESTABLISHED_CUSTOMERS);
  return timeline.startMs + share * (timeline.nowMs - timeline.startMs);
}

/** Leases moved over in the first two weeks of the window (a base to start from), then steady growth. */
const MIGRATED_LEASES = 0.25;
const MIGRATION_MS = 14 * DAY_MS;
/** The rate of new leases at the end of the window is 1 + GROWTH times the rate after the migration. */
const GROWTH = 1.5;

/** Start time of the lease at `fraction` (0…1) of the ascending order. Monotonic in `fraction`. */
export function leaseStartMs(timeline: Timeline, fraction: number): number {
  if (fraction < MIGRATED_LEASES) return timeline.startMs + (fraction / MIGRATED_LEASES) * MIGRATION_MS;
  const share = (fraction - MIGRATED_LEASES) / (1 - MIGRATED_LEASES);
  // Inverse of the CDF of a density rising linearly from 1 to 1 + GROWTH.
  const t = (-1 + Math.sqrt(1 + 2 * GROWTH * share * (1 + GROWTH / 2))) / GROWTH;
  const fromMs = timeline.startMs + MIGRATION_MS;
  return fromMs + t * (timeline.nowMs - fromMs);
}
