import type { Redis } from 'ioredis';
import type { Db } from '@leaseboard/db';

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

/** Growing delays between attempts: the first `free` come at once, then each waits 1×, 2×, 4× … `baseMs`, up to `capMs`. */
export interface Backoff {
  free: number;
  baseMs: number;
  capMs: number;
  /** Counted attempts are forgotten after this long without one. */
  forgetAfterMs: number;
}

export interface Attempted {
  allowed: boolean;
  /** Attempts counted so far, this one included when allowed. */
  attempts: number;
  /** When refused: milliseconds until the next attempt is allowed. */
  retryAfterMs: number;
}

/**
 * Token buckets and attempt counters by key. In memory for one process; in Redis when several processes
 * share the budgets (REDIS_URL).
 */
export interface RateLimitStore {
  take(key: string, amount: number, bucket: Bucket, nowMs: number): Promise<Taken>;
  /** Counts an attempt unless the delay since the last one has not passed yet; check and count are one step. */
  attempt(key: string, backoff: Backoff, nowMs: number): Promise<Attempted>;
  /** Forgets a key's attempts; answers how many there were. */
  clear(key: string): Promise<number>;
}

function refill(tokens: number, at: number, now: number, bucket: Bucket): number {
  return Math.min(bucket.capacity, tokens + (Math.max(0, now - at) / 1000) * bucket.refillPerSecond);
}

function outcome(tokens: number, amount: number, bucket: Bucket): Taken {
  if (tokens >= amount) return { allowed: true, remaining: tokens - amount, retryAfterSeconds: 0 };
  return { allowed: false, remaining: tokens, retryAfterSeconds: Math.max(1, Math.ceil((amount - tokens) / bucket.refillPerSecond)) };
}

/** How long after the last of `attempts` attempts the next one must wait. */
export function backoffDelayMs(attempts: number, backoff: Backoff): number {
  if (attempts < backoff.free) return 0;
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(attempts - backoff.free, 40));
}

/** One process's buckets and counters; the least recently used are dropped beyond maxKeys (a dropped key starts afresh). */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly attempts = new Map<string, { attempts: number; at: number }>();
  constructor(private readonly maxKeys = 100_000) {}

  async take(key: string, amount: number, bucket: Bucket, nowMs: number): Promise<Taken> {
    const found = this.buckets.get(key);
    const tokens = found ? refill(found.tokens, found.at, nowMs, bucket) : bucket.capacity;
    const result = outcome(tokens, amount, bucket);
    this.remember(this.buckets, key, { tokens: result.allowed ? result.remaining : tokens, at: nowMs });
    return result;
  }

  async attempt(key: string, backoff: Backoff, nowMs: number): Promise<Attempted> {
    const found = this.attempts.get(key);
    const counted = found && nowMs - found.at < backoff.forgetAfterMs ? found : { attempts: 0, at: 0 };
    const left = counted.at + backoffDelayMs(counted.attempts, backoff) - nowMs;
    if (counted.attempts > 0 && left > 0) return { allowed: false, attempts: counted.attempts, retryAfterMs: left };
    this.remember(this.attempts, key, { attempts: counted.attempts + 1, at: nowMs });
    return { allowed: true, attempts: counted.attempts + 1, retryAfterMs: 0 };
  }

  async clear(key: string): Promise<number> {
    const found = this.attempts.get(key);
    this.attempts.delete(key);
    return found?.attempts ?? 0;
  }

  private remember<T>(map: Map<string, T>, key: string, value: T): void {
    map.delete(key);
    map.set(key, value);
    for (const oldest of map.keys()) {
      if (map.size <= this.maxKeys) break;
      map.delete(oldest);
    }
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

/** The attempt counter as one Lua script, so two processes cannot both slip in before the delay has passed. */
const ATTEMPT = `
local n = tonumber(redis.call('HGET', KEYS[1], 'n')) or 0
local at = tonumber(redis.call('HGET', KEYS[1], 'a')) or 0
local free, base, cap, forget, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
if n > 0 and now - at >= forget then n = 0; at = 0 end
local wait = 0
if n >= free then wait = math.min(cap, base * 2 ^ math.min(n - free, 40)) end
local left = at + wait - now
if n > 0 and left > 0 then return { 0, n, tostring(left) } end
n = n + 1
redis.call('HSET', KEYS[1], 'n', n, 'a', tostring(now))
redis.call('PEXPIRE', KEYS[1], forget)
return { 1, n, '0' }
`;

const CLEAR = `
local n = tonumber(redis.call('HGET', KEYS[1], 'n')) or 0
redis.call('DEL', KEYS[1])
return n
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

  async attempt(key: string, backoff: Backoff, nowMs: number): Promise<Attempted> {
    const [allowed, attempts, left] = (await this.redis.eval(ATTEMPT, 1, this.prefix + key, backoff.free, backoff.baseMs, backoff.capMs, backoff.forgetAfterMs, nowMs)) as [number, number, string];
    return { allowed: allowed === 1, attempts, retryAfterMs: Number(left) };
  }

  async clear(key: string): Promise<number> {
    return (await this.redis.eval(CLEAR, 1, this.prefix + key)) as number;
  }
}

const perDatabase = new WeakMap<Db, RateLimitStore>();

/**
 * The app's store: the one the composition root built (Redis when REDIS_URL is set), else one in memory per
 * database client, so the GraphQL app and the HTTP routes of one app share it and every test app starts afresh.
 */
export function rateLimitStoreOf(services: { db: Db; rateLimitStore?: RateLimitStore | undefined }): RateLimitStore {
  if (services.rateLimitStore) return services.rateLimitStore;
  let store = perDatabase.get(services.db);
  if (!store) perDatabase.set(services.db, (store = new MemoryRateLimitStore()));
  return store;
}
