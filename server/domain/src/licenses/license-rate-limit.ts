import type { Bucket } from '../rate-limit/rate-limit-store.ts';

/**
 * Per key: a burst of 30, refilled at 30 a minute. Counted in the app's rate-limit store (rateLimitStoreOf),
 * which the GraphQL mutations and the HTTP route share, and every API process too when REDIS_URL is set.
 */
export const LICENSE_RATE_LIMIT: Bucket = { capacity: 30, refillPerSecond: 30 / 60 };
