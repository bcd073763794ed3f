import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const postgresUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^/\s]+/.test(value), 'must be a postgres:// or postgresql:// URL');

const smtpUrl = z.string().refine((value) => /^smtps?:\/\/[^/\s]+/.test(value), 'must be an smtp:// or smtps:// URL');

const ConfigSchema = z.object({
  PORT: port.default(4000),
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  SMTP_URL: smtpUrl.optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_URL: z.url({ error: 'must be an absolute http(s) URL' }).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  NODE_ENV: z.string().default('development'),
  WEBHOOKS_ALLOW_LOOPBACK: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  LEASE_COUNT_CAP: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').default(1000),
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
  /** Webhook endpoints may be loopback addresses (http allowed there); never in production. Private, link-local and metadata addresses are refused always. */
  webhooksAllowLoopback: boolean;
  /** The lease list counts its matches exactly up to this many; beyond it, totalCount says "at least". */
  leaseCountCap: number;
}

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
    webhooksAllowLoopback: c.WEBHOOKS_ALLOW_LOOPBACK === 'true',
    leaseCountCap: c.LEASE_COUNT_CAP,
  };
}
