import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '@leaseboard/schema/context';
import { chargedCost } from './cost-limit.ts';
import type { Bucket, RateLimitStore } from '@leaseboard/domain/rate-limit/rate-limit-store';

export interface RateLimits {
  /** Requests per caller. */
  requests: Bucket;
  /** Cost points (schema/cost.ts) per caller: the budget per minute is refillPerSecond × 60. */
  cost: Bucket;
}

/** Who a request counts against: its API key, its user, or (anonymous) its IP address. */
export function callerKey(ctx: Context): string {
  if (ctx.viewer.kind === 'apiKey') return `key:${ctx.viewer.apiKeyId}`;
  if (ctx.viewer.kind === 'user') return `user:${ctx.viewer.userId}`;
  return `ip:${ctx.ip ?? 'unknown'}`;
}

/**
 * Limits each caller's requests and the cost points they spend, in the store the app was given (Redis
 * when REDIS_URL is set, so every process shares one budget). A request over either is refused before it
 * runs: RATE_LIMITED, HTTP 429 and Retry-After. Every answer reports the budget left in
 * extensions.cost.throttleStatus. Runs after the cost limit, which prices the request.
 */
export function rateLimit(store: RateLimitStore, limits: RateLimits): Plugin<Context> {
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as Context;
      const caller = callerKey(ctx);
      const now = ctx.clock.now().getTime();
      const requests = await store.take(`req:${caller}`, 1, limits.requests, now);
      if (!requests.allowed) {
        setResultAndStopExecution({ errors: [rateLimited(`Too many requests: at most ${limits.requests.capacity} at once, then ${limits.requests.refillPerSecond * 60} a minute.`, requests.retryAfterSeconds)] });
        return;
      }
      const cost = Math.max(1, chargedCost(ctx));
      const points = await store.take(`cost:${caller}`, cost, limits.cost, now);
      const throttleStatus = { maximumAvailable: limits.cost.capacity, currentlyAvailable: Math.floor(points.remaining), restoreRate: limits.cost.refillPerSecond };
      if (!points.allowed) {
        setResultAndStopExecution({
          errors: [rateLimited(`This request costs ${cost} points and ${Math.floor(points.remaining)} are left; the budget is ${limits.cost.refillPerSecond * 60} points a minute.`, points.retryAfterSeconds)],
          extensions: { cost: { requestedQueryCost: cost, throttleStatus } },
        });
        return;
      }
      return {
        onExecuteDone({ result, setResult }) {
          if (!('data' in result) && !('errors' in result)) return;
          const previous = (result.extensions?.['cost'] ?? {}) as object;
          setResult({ ...result, extensions: { ...result.extensions, cost: { ...previous, throttleStatus } } });
        },
      };
    },
  };
}

function rateLimited(message: string, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`${message} Retry in ${retryAfterSeconds} s.`, {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } } },
  });
}
