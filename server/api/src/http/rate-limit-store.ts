import type { Redis } from 'ioredis';

export interface Bucket {
  /** Points the bucket holds when full: the burst. */
  capacity: number;
  /** Points added back per second, up to the capacity. */
  refillPerSecond: number;
}

export interface Taken {
  allowed: boolean;
  /** Points left after this take (or, when refused, now). */
  remaining: number;
  /** When refused: seconds until `amount` points are back. */
  retryAfterSeconds: number;
}

/** Token buckets by key. In memory for one process; in Redis when several processes share the budget. */
export interface RateLimitStore {
  take(key: string, amount: number, bucket: Bucket, nowMs: number): Promise<Taken>;
}

function refill(tokens: number, at: number, now: number, bucket: Bucket): number {
  return Math.min(bucket.capacity, tokens + (Math.max(0, now - at) / 1000) * bucket.refillPerSecond);
}

function outcome(tokens: number, amount: number, bucket: Bucket): Taken {
  if (tokens >= amount) return { allowed: true, remaining: tokens - amount, retryAfterSeconds: 0 };
  return { allowed: false, remaining: tokens, retryAfterSeconds: Math.max(1, Math.ceil((amount - tokens) / bucket.refillPerSecond)) };
}

/** One process's buckets; the least recently used are dropped beyond maxKeys (a dropped bucket starts full). */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly maxKeys = 100_000) {}

  async take(key: string, amount: number, bucket: Bucket, nowMs: number): Promise<Taken> {
    const found = this.buckets.get(key);
    const tokens = found ? refill(found.tokens, found.at, nowMs, bucket) : bucket.capacity;
    const result = outcome(tokens, amount, bucket);
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: result.allowed ? result.remaining : tokens, at: nowMs });
    for (const oldest of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) break;
      this.buckets.delete(oldest);
    }
    return result;
  }
}

/** The same bucket as one Lua script, so two processes taking at once cannot both spend the last points. */
const TAKE = `
local tokens = tonumber(redis.call('HGET', KEYS[1], 't'))
local at = tonumber(redis.call('HGET', KEYS[1], 'a'))
local capacity, rate, amount, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if tokens == nil then tokens = capacity; at = now end
tokens = math.min(capacity, tokens + math.max(0, now - at) / 1000 * rate)
local allowed = 0
if tokens >= amount then tokens = tokens - amount; allowed = 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return { allowed, tostring(tokens) }
`;

export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'leaseboard:rate:',
  ) {}

  async take(key: string, amount: number, bucket: Bucket, nowMs: number): Promise<Taken> {
    const [allowed, tokens] = (await this.redis.eval(TAKE, 1, this.prefix + key, bucket.capacity, bucket.refillPerSecond, amount, nowMs)) as [number, string];
    const left = Number(tokens);
    if (allowed === 1) return { allowed: true, remaining: left, retryAfterSeconds: 0 };
    return outcome(left, amount, bucket);
  }
}
