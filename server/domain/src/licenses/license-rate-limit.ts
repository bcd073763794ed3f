import type { Db } from '@leaseboard/db';
import { TokenBucketLimiter } from './token-bucket.ts';

/** Per key: a burst of 30, refilled at 30 a minute. */
export const LICENSE_RATE_LIMIT = { capacity: 30, refillPerSecond: 30 / 60 } as const;

const limiters = new WeakMap<Db, TokenBucketLimiter>();

/**
 * The activation rate limiter of one app. It is keyed on the app's database client, which the GraphQL
 * mutations (ctx.db) and the HTTP route (services.db) share, so both count against the same budget, and
 * every test app (its own database) starts with empty buckets.
 */
export function licenseRateLimiter(services: { db: Db }): TokenBucketLimiter {
  let limiter = limiters.get(services.db);
  if (!limiter) limiters.set(services.db, (limiter = new TokenBucketLimiter(LICENSE_RATE_LIMIT)));
  return limiter;
}
