import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, DataDirBusyError, Migrator, repoRoot, startEmbeddedPostgres } from '@leaseboard/db';
import { createApp, type App } from './app.ts';
import { MemoryRateLimitStore, RedisRateLimitStore } from '@leaseboard/domain/rate-limit/rate-limit-store';
import { systemClock, type Clock } from '@leaseboard/domain/clock';
import type { Config } from '@leaseboard/domain/config';
import type { Services } from '@leaseboard/domain/services';
import { loadDemoData } from './demo-data.ts';
import { toNodeHandler } from './http/node-adapter.ts';
import { queuesOnly, startJobQueue } from '@leaseboard/domain/jobs/queue';
import { registerJobs } from '@leaseboard/domain/jobs/register';
import type { ExportRunner } from '@leaseboard/domain/jobs/customer-export-job';
import { createLogger, type Logger } from '@leaseboard/domain/logger';
import { connectRedis } from '@leaseboard/domain/redis/connect-redis';
import { createHttpWebhookSender } from './webhooks/http-webhook-sender.ts';
import { openLiveBus } from '@leaseboard/domain/live/open-live-bus';

export const adminDir = fileURLToPath(new URL('../../../admin/build', import.meta.url));
export const migrationsDir = fileURLToPath(new URL('../../../prisma/migrations', import.meta.url));

export interface BootOptions {
  clock?: Clock;
  logger?: Logger;
  /** Print progress and the demo logins (the CLI does; tests don't). */
  print?: (line: string) => void;
  /** Load demo data into an empty embedded database (the default product does). */
  demoData?: boolean;
  /** Aborts start-up (a stop signal before the server is ready). */
  signal?: AbortSignal;
  /** Runs each export attempt instead of an export process (browser tests pause one midway). */
  exportRunner?: (services: Services) => ExportRunner;
}

export interface Running {
  url: string;
  services: Services;
  app: App;
  server: Server;
  stop(): Promise<void>;
}

/** A fatal start-up problem, reported as one line. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** A stop signal came during start-up: what was started is closed again, nothing is left half-open. */
export class StartupAborted extends Error {
  override name = 'StartupAborted';
}

/**
 * Brings the whole product up: database (embedded or DATABASE_URL), migrations, demo data, jobs, HTTP.
 * `options.signal` aborts a start-up in progress at the next step: whatever it opened is closed in reverse
 * order (the embedded database last, which releases the data directory's lock) and it rejects with
 * StartupAborted. A migration under way is finished first; the demo data's seed is rolled back.
 */
export async function boot(config: Config, options: BootOptions = {}): Promise<Running> {
  const print = options.print ?? (() => {});
  const logger = options.logger ?? createLogger(config.logLevel);
  const opened: Array<() => Promise<void> | void> = [];
  const step = () => {
    if (options.signal?.aborted) throw new StartupAborted('stopped during start-up');
  };
  try {
    const database = await openDatabase(config);
    opened.push(() => database.stop());
    step();
    const applied = await new Migrator({ databaseUrl: database.url }).deploy();
    if (applied.length) print(`Applied migrations: ${applied.join(', ')}`);
    step();
    const db = createDb(database.url, { max: config.db.poolSize, connectionTimeoutMs: config.db.poolTimeoutMs, statementTimeoutMs: config.db.statementTimeoutMs });
    opened.push(() => db.$disconnect());
    if (database.embedded && options.demoData !== false) {
      await loadDemoData(db, database.url, print, options.signal).catch((error: unknown) => {
        if (options.signal?.aborted) step();
        throw error;
      });
    }
    step();
    // PROCESS_ROLE: an API process sends jobs but works none; a worker serves only health and metrics.
    const works = config.processRole !== 'api';
    const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger).catch((error: Error) => fail(error.message)) : null;
    if (redis) opened.push(() => redis.disconnect());
    const jobs = await startJobQueue(database.url, logger, works ? {} : { schedules: false, supervise: false });
    opened.push(() => jobs.stop({ graceful: true, timeout: 5_000, close: true } as never));
    const live = await openLiveBus({ databaseUrl: database.url, listen: database.listen, redis: redis && config.redisUrl ? { url: config.redisUrl, publisher: redis } : null, logger });
    opened.push(() => live.close());
    step();
    const rateLimitStore = redis ? new RedisRateLimitStore(redis) : new MemoryRateLimitStore();
    const services: Services = { db, clock: options.clock ?? systemClock, logger, config, jobs, redis, rateLimitStore, webhookSender: createHttpWebhookSender(), live };
    await registerJobs(works ? jobs : queuesOnly(jobs), services, {
      databaseUrl: database.url,
      ...(options.exportRunner ? { exportRunner: options.exportRunner(services) } : {}),
    });
    step();
    if (config.sessionSecretGenerated) logger.warn('SESSION_SECRET is not set: download links are signed with a key made at start-up and stop working when the server restarts');
    const app = createApp(services, { adminDir, migrationsDir, workerOnly: config.processRole === 'worker', rateLimits: config.rateLimits });
    const server = createServer(toNodeHandler(app.fetch));
    await listen(server, config.port);
    opened.push(() => drain(server));
    const port = (server.address() as AddressInfo).port;
    const url = config.port === 0 ? `http://127.0.0.1:${port}` : config.publicUrl;
    return { url, services, app, server, stop: () => closeInReverse(opened) };
  } catch (error) {
    await closeInReverse(opened).catch(() => {});
    throw error;
  }
}

/** Stop: requests drain first, then the live bus, the jobs, Redis, the Prisma client, the database. */
async function closeInReverse(opened: Array<() => Promise<void> | void>): Promise<void> {
  for (const close of opened.splice(0).reverse()) await close();
}

function fail(message: string): never {
  throw new StartupError(message);
}

/** Stops accepting connections, lets requests in flight finish (up to 10 s), then closes what is left. */
async function drain(server: Server): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeIdleConnections();
  const late = setTimeout(() => server.closeAllConnections(), 10_000);
  await closed;
  clearTimeout(late);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((done, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'it is already in use' : error.code === 'EACCES' ? 'permission denied' : error.message;
      reject(new StartupError(`Cannot listen on PORT ${port}: ${reason}.`));
    });
    server.listen(port, '0.0.0.0', () => done());
  });
}

async function openDatabase(config: Config) {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    const where = url.replace(/\/\/[^@/]*@/, '//');
    await assertReachable(url, where);
    return { url, embedded: false, where, listen: undefined, stop: async () => {} };
  }
  const dataDir = resolve(repoRoot, config.dataDir, 'pg');
  try {
    const embedded = await startEmbeddedPostgres({ dataDir, maxConnections: 40 });
    return { url: embedded.url, embedded: true, where: dataDir, listen: embedded.listen, stop: () => embedded.stop() };
  } catch (error) {
    if (error instanceof DataDirBusyError) throw new StartupError(error.message);
    throw new StartupError(`Cannot open the embedded database in DATA_DIR ${dataDir}: ${(error as Error).message.split('\n')[0]}`);
  }
}

async function assertReachable(url: string, where: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0] || (error as { code?: string }).code || 'unreachable';
    throw new StartupError(`Cannot connect to DATABASE_URL ${where}: ${reason}`);
  } finally {
    await client.end().catch(() => {});
  }
}
