/** Minutes to wait after each failed attempt; after the last one the message is FAILED. */
export const RETRY_DELAYS_MINUTES = [1, 5, 30, 120, 720, 1440] as const;

export function nextAttemptAt(failedAttempts: number, now: Date): Date | null {
  const delay = RETRY_DELAYS_MINUTES[failedAttempts - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay * 60_000);
}

/** How long a claimed message stays hidden from other workers; a crashed send is retried after it. */
export const CLAIM_MINUTES = 5;
