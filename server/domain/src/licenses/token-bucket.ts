export interface TokenBucketOptions {
  /** Requests allowed in a burst. */
  capacity: number;
  /** Tokens added back per second, up to the capacity. */
  refillPerSecond: number;
  /** Buckets kept in memory; the least recently used are dropped beyond this (a dropped bucket starts full). */
  maxKeys?: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * An in-memory token bucket per key. Time comes from the caller (the request's clock), so tests move it
 * by hand. It counts within one process: several processes would each allow the full rate.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly maxKeys: number;

  constructor(private readonly options: TokenBucketOptions) {
    if (options.capacity < 1 || options.refillPerSecond <= 0) throw new RangeError('capacity must be ≥ 1 and refillPerSecond > 0');
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** Takes one token for the key if there is one. */
  take(key: string, now: Date): TakeResult {
    const at = now.getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.capacity, at };
    const elapsedSeconds = Math.max(0, at - bucket.at) / 1000;
    const tokens = Math.min(this.options.capacity, bucket.tokens + elapsedSeconds * this.options.refillPerSecond);
    // Re-inserting keeps the map in least-recently-used order for eviction.
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at });
      return { allowed: false, retryAfterSeconds: Math.ceil((1 - tokens) / this.options.refillPerSecond) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at });
    this.evict();
    return { allowed: true };
  }

  private evict(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) return;
      this.buckets.delete(key);
    }
  }
}
