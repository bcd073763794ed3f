import { DAY_MS } from './calendar.rules.ts';

/** Days after the first failed automatic charge at which it is tried again. */
export const RETRY_AFTER_DAYS = [1, 3, 7, 14] as const;

/**
 * What starts a payment attempt. `finalize` (auto-pay when the invoice is issued) and `retry` (the
 * schedule) drive dunning; `card-updated` and `manual` are extra chances that leave the schedule alone.
 */
export type ChargeTrigger = 'finalize' | 'retry' | 'card-updated' | 'manual';

export function isScheduledTrigger(trigger: string): boolean {
  return trigger === 'finalize' || trigger === 'retry';
}

export type DunningStep =
  | { kind: 'retry'; at: Date }
  /** No more automatic attempts: the invoice becomes PAST_DUE and the billing contacts are told. */
  | { kind: 'past-due' };

/**
 * After a scheduled attempt failed: the next retry, or past due. `failedScheduled` counts the failed
 * scheduled attempts so far (this one included); `firstFailedAt` is when the first of them was made.
 * A hard decline is never retried.
 */
export function nextDunningStep(input: { firstFailedAt: Date; failedScheduled: number; hardDecline: boolean }): DunningStep {
  if (input.hardDecline) return { kind: 'past-due' };
  const afterDays = RETRY_AFTER_DAYS[input.failedScheduled - 1];
  if (afterDays === undefined) return { kind: 'past-due' };
  return { kind: 'retry', at: new Date(input.firstFailedAt.getTime() + afterDays * DAY_MS) };
}
