import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createDb, Migrator, repoRoot, startEmbeddedPostgres } from '@leaseboard/db';
import { resolve } from 'node:path';
import { createApp } from './app.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { toNodeHandler } from './http/node-adapter.ts';
import { registerJobs } from './jobs/register.ts';
import { startJobQueue } from './jobs/queue.ts';
import { createLogger } from './logger.ts';
import { loadDemoData } from './demo-data.ts';

const adminDir = fileURLToPath(new URL('../../admin/build', import.meta.url));
const migrationsDir = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

/** Composition root: configuration, database, migrations, demo data, HTTP. */
async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config);
  const applied = await new Migrator({ databaseUrl: database.url }).deploy();
  if (applied.length) logger.info('applied migrations', { applied });
  const db = createDb(database.url);
  if (database.embedded) await loadDemoData(db, database.url, (line) => console.log(line));

  const jobs = await startJobQueue(database.url, logger);
  const services = { db, clock: systemClock, logger, config, jobs };
  await registerJobs(jobs, services);
  const app = createApp(services, { adminDir, migrationsDir });
  const server = createServer(toNodeHandler(app.fetch));
  server.on('error', (error: NodeJS.ErrnoException) => {
    const reason = error.code === 'EADDRINUSE' ? 'it is already in use' : error.code === 'EACCES' ? 'permission denied' : error.message;
    console.error(`Cannot listen on PORT ${config.port}: ${reason}.`);
    process.exit(1);
  });
  server.listen(config.port, () => {
    console.log(`Leaseboard is ready at ${config.publicUrl}  (GraphQL: ${config.publicUrl}/graphql)`);
    console.log(database.embedded ? `Database: embedded PostgreSQL in ${database.where}` : `Database: ${database.where}`);
  });

  const shutdown = async () => {
    server.close();
    await jobs.stop({ graceful: true, timeout: 10_000 });
    await db.$disconnect();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function openDatabase(config: Config) {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    const where = url.replace(/\/\/[^@/]*@/, '//');
    await assertReachable(url, where);
    return { url, embedded: false, where, stop: async () => {} };
  }
  const dataDir = resolve(repoRoot, config.dataDir, 'pg');
  const embedded = await startEmbeddedPostgres({ dataDir, maxConnections: 40 }).catch((error: Error) => {
    console.error(`Cannot open the embedded database in DATA_DIR ${dataDir}: ${error.message.split('\n')[0]}`);
    process.exit(1);
  });
  return { url: embedded.url, embedded: true, where: dataDir, stop: () => embedded.stop() };
}

async function assertReachable(url: string, where: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    console.error(`Cannot connect to DATABASE_URL ${where}: ${(error as Error).message.split('\n')[0] || (error as { code?: string }).code}`);
    process.exit(1);
  } finally {
    await client.end().catch(() => {});
  }
}

await main();
