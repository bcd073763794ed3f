/** Deliveries are retried for 3 days after they were queued (or replayed), then marked FAILED. */
export const RETRY_WINDOW_MS = 3 * 86_400_000;
/** An endpoint whose attempts have only failed for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 86_400_000;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 3_600_000;

/**
 * When to try again after `failedAttempts` failures: exponential back-off (30 s, 1 min, 2 min, … up to
 * 6 h) with "equal jitter" (half the delay fixed, half random) so receivers that come back are not hit by
 * every retry at once; never past `giveUpAt`. Null once `giveUpAt` has passed: the delivery has failed.
 */
export function nextRetryAt(failedAttempts: number, now: Date, giveUpAt: Date, random: () => number = Math.random): Date | null {
  if (now.getTime() >= giveUpAt.getTime()) return null;
  const delay = Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1), MAX_DELAY_MS);
  const jittered = delay / 2 + random() * (delay / 2);
  return new Date(Math.min(now.getTime() + Math.round(jittered), giveUpAt.getTime()));
}
