import pg from 'pg';
import { hash } from '@node-rs/argon2';
import { Migrator } from '@leaseboard/db';
import { fromBytesGenerator, isDatabaseEmpty, seedDemo } from '@leaseboard/seed/index';
import { createDb } from '@leaseboard/db';
import { generateLicenseKey } from '@leaseboard/domain/licenses/license-key.rules';

/**
 * The benchmark database: a scratch PostgreSQL database filled with `seedDemo` at a given scale.
 *
 *   BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/lb_bench_1m
 *   BENCH_SCALE         leases to seed when the database is empty; default 1,000,000
 *
 * The export bench asks for a million customers, which takes 2,500,000 leases (the seed makes 0.4
 * customers per lease): BENCH_EXPORT_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lb_bench_2500k.
 *
 * The database is created (and migrated) if it does not exist, and seeded only when it has no partners,
 * so the expensive seed runs once and every later bench run reuses it. To start over:
 *   psql postgres://postgres@127.0.0.1:5432/postgres -c 'DROP DATABASE lb_bench_1m WITH (FORCE)'
 */
export const BENCH_DATABASE_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/lb_bench_1m';
const BENCH_SCALE = Number(process.env['BENCH_SCALE'] ?? 1_000_000);

/** The million-customer database of the export bench. */
export const EXPORT_BENCH_DATABASE = {
  url: process.env['BENCH_EXPORT_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/lb_bench_2500k',
  scale: 2_500_000,
};

export async function prepareBenchDatabase(
  log: (line: string) => void = console.log,
  { url, scale }: { url: string; scale: number } = { url: BENCH_DATABASE_URL, scale: BENCH_SCALE },
): Promise<string> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const server = new URL(url);
  server.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) {
      log(`creating database ${name}`);
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await admin.end();
  }
  await new Migrator({ databaseUrl: url }).deploy();
  const db = createDb(url, { max: 1 });
  const empty = await isDatabaseEmpty(db).finally(() => db.$disconnect());
  if (empty) {
    log(`seeding ${scale} leases into ${name} (once; later runs reuse it)`);
    const summary = await seedDemo(url, {
      scale,
      now: new Date('2026-01-15T12:00:00Z'),
      hashPassword: (plain) => hash(plain),
      makeLicenseKey: fromBytesGenerator(generateLicenseKey),
      log,
    });
    log(`seeded: ${summary.customers} customers, ${summary.leases} leases in ${(summary.durationMs / 1000).toFixed(0)} s`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('VACUUM ANALYZE').finally(() => client.end());
  }
  return url;
}

/** The `now` the bench data was seeded at: reports measured at this instant see 14 months of history. */
export const BENCH_NOW = new Date('2026-01-15T12:00:00Z');

if (import.meta.url === `file://${process.argv[1]}`) {
  await prepareBenchDatabase();
}
