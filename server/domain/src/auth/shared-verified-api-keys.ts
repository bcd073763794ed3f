import type { Logger } from '../logger.ts';
import type { RedisConnection } from '../redis/connect-redis.ts';
import type { Scope } from './scopes.ts';
import { VERIFIED_API_KEY_TTL_MS, type ApiKeyCache, type ApiKeyViewer } from './verified-api-keys.ts';

const PREFIX = 'lb:verified-api-key:';

/** Keeps the entry unless the key was revoked a moment ago (a look-up that started before the revocation). */
const REMEMBER = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
return 1`;

/** Marks the key revoked for one time-to-live and drops its entry. */
const FORGET = `
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
local hash = redis.call('GET', KEYS[1])
if hash then redis.call('DEL', ARGV[1] .. hash) end
redis.call('DEL', KEYS[1])
return 1`;

interface Stored {
  apiKeyId: number;
  partnerId: number;
  scopes: Scope[];
  label: string;
  expiresAt: string | null;
}

/**
 * The verified-API-key cache in Redis, shared by every API process: an entry per key hash for `ttlMs`,
 * an index from the key's id to its hash, and a short revocation mark. forget() runs after the revocation
 * committed, so from then on every process misses and reads the revoked key from the database; the mark
 * stops a look-up that started before the revocation from putting the key back. Each step is one script,
 * so it is atomic. If Redis is unreachable, get() misses (the database answers) and remember() is skipped.
 */
export class SharedVerifiedApiKeys implements ApiKeyCache {
  private readonly ttlMs: number;
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisConnection,
    private readonly logger: Logger,
    options: { ttlMs?: number; prefix?: string } = {},
  ) {
    this.ttlMs = options.ttlMs ?? VERIFIED_API_KEY_TTL_MS;
    this.prefix = options.prefix ?? PREFIX;
  }

  async get(hash: string, now: Date): Promise<ApiKeyViewer | null> {
    const raw = await this.redis.get(this.prefix + hash).catch((error: Error) => this.unreachable('get', error));
    if (!raw) return null;
    const stored = JSON.parse(raw) as Stored;
    if (stored.expiresAt && new Date(stored.expiresAt) <= now) return null;
    return { kind: 'apiKey', apiKeyId: stored.apiKeyId, partnerId: stored.partnerId, scopes: new Set(stored.scopes), label: stored.label };
  }

  async remember(hash: string, viewer: ApiKeyViewer, expiresAt: Date | null, _now: Date): Promise<void> {
    const stored: Stored = { apiKeyId: viewer.apiKeyId, partnerId: viewer.partnerId, scopes: [...viewer.scopes], label: viewer.label, expiresAt: expiresAt?.toISOString() ?? null };
    const { entry, index, revoked } = this.keys(viewer.apiKeyId, hash);
    await this.redis
      .eval(REMEMBER, 3, entry, index, revoked, JSON.stringify(stored), String(this.ttlMs), hash)
      .catch((error: Error) => this.unreachable('remember', error));
  }

  async forget(apiKeyId: number): Promise<void> {
    const { index, revoked } = this.keys(apiKeyId, '');
    await this.redis.eval(FORGET, 2, index, revoked, this.prefix, String(this.ttlMs)).catch((error: Error) => {
      this.logger.error('a revoked API key could not be dropped from the shared cache; it expires within the time-to-live', { apiKeyId, ttlMs: this.ttlMs, error: error.message });
    });
  }

  private keys(apiKeyId: number, hash: string) {
    return { entry: this.prefix + hash, index: `${this.prefix}id:${apiKeyId}`, revoked: `${this.prefix}revoked:${apiKeyId}` };
  }

  private unreachable(step: string, error: Error): null {
    this.logger.warn('verified-API-key cache: redis unreachable, reading the database', { step, error: error.message });
    return null;
  }
}
