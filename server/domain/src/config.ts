import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Bucket } from './rate-limit/rate-limit-store.ts';

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^/\s]+/.test(value), 'must be a postgres:// or postgresql:// URL');

const redisUrl = z.string().refine((value) => /^rediss?:\/\/[^/\s]*/.test(value), 'must be a redis:// or rediss:// URL');

const smtpUrl = z.string().refine((value) => /^smtps?:\/\/[^/\s]+/.test(value), 'must be an smtp:// or smtps:// URL');

// zod's int() also refuses numbers past Number.MAX_SAFE_INTEGER.
const wholeNumberAtLeast = (min: number) => z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(min, `must be at least ${min}`);

const ConfigSchema = z.object({
  PORT: port.default(4000),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  SMTP_URL: smtpUrl.optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_URL: z.url({ error: 'must be an absolute http(s) URL' }).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  NODE_ENV: z.string().default('development'),
  PROCESS_ROLE: z.enum(['all', 'api', 'worker'], { error: 'must be all, api or worker' }).default('all'),
  REDIS_URL: redisUrl.optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WEBHOOKS_ALLOW_LOOPBACK: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  LEASE_COUNT_CAP: wholeNumberAtLeast(1).default(1000),
  CORS_ORIGINS: z
    .string()
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .refine((list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), 'must be a comma-separated list of origins such as https://shop.example.com')
    .default([]),
  // Sized so a person working quickly in the admin (a lease list costs about 500 points) is never refused
  // while a script is: one of the most expensive legal queries (5,000 points) every 2.5 s once the burst is spent.
  RATE_LIMIT_REQUESTS_BURST: wholeNumberAtLeast(1).default(300),
  RATE_LIMIT_REQUESTS_PER_SECOND: wholeNumberAtLeast(1).default(10),
  RATE_LIMIT_POINTS_BURST: wholeNumberAtLeast(1).default(100_000),
  RATE_LIMIT_POINTS_PER_SECOND: wholeNumberAtLeast(1).default(2_000),
  DB_POOL_SIZE: wholeNumberAtLeast(2).max(1000).default(10),
  DB_POOL_TIMEOUT_MS: wholeNumberAtLeast(100).default(5_000),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').default(30_000),
});

export interface Config {
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  smtpUrl: string | undefined;
  /** Keys the HMAC of download links: SESSION_SECRET, or (outside production) a random key per start. */
  sessionSecret: string;
  /** True when SESSION_SECRET was not set and sessionSecret was made up at start-up. */
  sessionSecretGenerated: boolean;
  publicUrl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  production: boolean;
  /** What this process does: `api` (HTTP), `worker` (jobs and cron) or `all` (both, the default). */
  processRole: ProcessRole;
  /** Where processes share state (the verified-API-key cache, rate limits, …); null: each process keeps its own. */
  redisUrl: string | null;
  /** A bearer token that lets any address read /metrics; null: loopback only. */
  metricsToken: string | null;
  /** Webhook endpoints may be loopback addresses (http allowed there); never in production. Private, link-local and metadata addresses are refused always. */
  webhooksAllowLoopback: boolean;
  /** The lease list counts its matches exactly up to this many; beyond it, totalCount says "at least". */
  leaseCountCap: number;
  /** Origins (scheme://host[:port]) whose pages may call the API with the user's cookies; empty: CORS off. */
  corsOrigins: string[];
  /**
   * Each caller's budgets (an API key, a signed-in user, or an anonymous address): requests, and the cost
   * points they spend (schema/cost.ts), each a burst and a refill per second.
   */
  rateLimits: { requests: Bucket; cost: Bucket };
  /** Connections of the app's database pool, how long a query waits for one, and PostgreSQL's statement_timeout (0: none). */
  db: { poolSize: number; poolTimeoutMs: number; statementTimeoutMs: number };
}

export type ProcessRole = 'all' | 'api' | 'worker';

/** A setting that is missing or wrong; its message is one line that names the setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(blankless);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'configuration');
    throw new ConfigError(`Invalid ${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? '')})`);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  if (production && !c.SESSION_SECRET) throw new ConfigError('Invalid SESSION_SECRET: required when NODE_ENV=production');
  if (production && c.WEBHOOKS_ALLOW_LOOPBACK === 'true') throw new ConfigError('Invalid WEBHOOKS_ALLOW_LOOPBACK: must not be true when NODE_ENV=production');
  return {
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    smtpUrl: c.SMTP_URL,
    sessionSecret: c.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    sessionSecretGenerated: !c.SESSION_SECRET,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    logLevel: c.LOG_LEVEL,
    production,
    processRole: c.PROCESS_ROLE,
    redisUrl: c.REDIS_URL ?? null,
    metricsToken: c.METRICS_TOKEN ?? null,
    webhooksAllowLoopback: c.WEBHOOKS_ALLOW_LOOPBACK === 'true',
    leaseCountCap: c.LEASE_COUNT_CAP,
    corsOrigins: c.CORS_ORIGINS,
    rateLimits: {
      requests: { capacity: c.RATE_LIMIT_REQUESTS_BURST, refillPerSecond: c.RATE_LIMIT_REQUESTS_PER_SECOND },
      cost: { capacity: c.RATE_LIMIT_POINTS_BURST, refillPerSecond: c.RATE_LIMIT_POINTS_PER_SECOND },
    },
    db: { poolSize: c.DB_POOL_SIZE, poolTimeoutMs: c.DB_POOL_TIMEOUT_MS, statementTimeoutMs: c.DB_STATEMENT_TIMEOUT_MS },
  };
}
