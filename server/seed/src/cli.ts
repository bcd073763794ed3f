import { parseArgs } from 'node:util';
import { createDb } from '@leaseboard/db';
import { resolveDatabaseUrl } from '@leaseboard/db/database-url';
import { DataDirBusyError } from '@leaseboard/db/data-dir-lock';
import { Migrator } from '@leaseboard/db/migrator';
import { hashPassword } from '@leaseboard/domain/auth/passwords';
import { generateLicenseKey } from '@leaseboard/domain/licenses/license-key.rules';
import {
  DEFAULT_SCALE,
  DEMO_LOGINS,
  fromBytesGenerator,
  isDatabaseEmpty,
  seedDemo,
  SeedError,
  truncateAppTables,
  type SeedSummary,
} from './index.ts';

const USAGE = `usage: pnpm db:seed [--scale N] [--seed S] [--now T] [--reset]
  --scale N   number of leases (default ${DEFAULT_SCALE}); customers are 40% of it; above 100000 leases:
              20 partners and invoices for the last 2 months only (otherwise 3 partners, 13 months)
  --seed S    seed of the pseudo-random generator (default 1): same seed, scale and --now, same data
  --now T     end of the 14 months of history, an ISO 8601 instant (default: now, to the minute)
  --reset     empty every table but _prisma_migrations first (TRUNCATE … RESTART IDENTITY CASCADE)
The database is DATABASE_URL, or the embedded one in .data/; pending migrations are applied first.`;

class UsageError extends Error {}

interface Arguments {
  scale: number;
  seed: number;
  now: Date | undefined;
  reset: boolean;
}

function parseArguments(argv: string[]): Arguments | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv[0] === '--' ? argv.slice(1) : argv,
      options: {
        scale: { type: 'string' },
        seed: { type: 'string' },
        now: { type: 'string' },
        reset: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const integer = (name: string, text: string | undefined, fallback: number, min: number) => {
    if (text === undefined) return fallback;
    const value = Number(text.replace(/_/g, ''));
    if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} must be an integer of at least ${min}, got "${text}"`);
    return value;
  };
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (now && Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO 8601 instant, got "${values.now}"`);
  return {
    scale: integer('scale', values.scale, DEFAULT_SCALE, 1),
    seed: integer('seed', values.seed, 1, 0),
    now,
    reset: values.reset ?? false,
  };
}

function printSummary(summary: SeedSummary): void {
  const rows: [string, number][] = [
    ['partners', summary.partners],
    ['users', summary.users],
    ['contacts', summary.contacts],
    ['mailing-list subscriptions', summary.subscriptions],
    ['payment methods', summary.paymentMethods],
    ['customers', summary.customers],
    ['leases', summary.leases],
    ['lease add-ons', summary.leaseAddOns],
    ['lease history entries', summary.leaseHistory],
    ['activations', summary.activations],
    ['invoices', summary.invoices],
    ['invoice lines', summary.invoiceLines],
    ['payment attempts', summary.paymentAttempts],
  ];
  console.log(`\nSeeded (seed ${summary.seed}, history up to ${summary.now.toISOString()}) in ${(summary.durationMs / 1000).toFixed(1)} s:`);
  for (const [label, count] of rows) console.log(`  ${label.padEnd(28)} ${count.toLocaleString('en-US').padStart(12)}`);
  if (summary.adminExisted) console.log('  (admin@leaseboard.test already existed: its password was left unchanged)');
  console.log('\nDemo logins:');
  for (const login of DEMO_LOGINS) {
    console.log(`  ${login.role.padEnd(8)} ${login.email.padEnd(26)} ${login.password}  ${login.partner ?? 'vendor staff'}`);
  }
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  if (args === 'help') {
    console.log(USAGE);
    return;
  }
  const makeLicenseKey = fromBytesGenerator(generateLicenseKey);
  const target = await resolveDatabaseUrl();
  try {
    const applied = await new Migrator({ databaseUrl: target.url }).deploy();
    if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
    const db = createDb(target.url, { max: 1 });
    const empty = await isDatabaseEmpty(db).finally(() => db.$disconnect());
    if (!empty) {
      if (!args.reset) {
        console.error('The database already has data. Run with --reset to empty it first (everything but the migration history is deleted).');
        process.exitCode = 1;
        return;
      }
      const tables = await truncateAppTables(target.url);
      console.log(`Emptied ${tables.length} tables.`);
    }
    console.log(`Seeding ${args.scale.toLocaleString('en-US')} leases into ${target.embedded ? 'the embedded database' : 'DATABASE_URL'}…`);
    const summary = await seedDemo(target.url, {
      scale: args.scale,
      seed: args.seed,
      now: args.now,
      hashPassword,
      makeLicenseKey,
      log: (line) => console.log(`  ${line}`),
    });
    printSummary(summary);
  } finally {
    await target.stop();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`);
  else if (error instanceof DataDirBusyError) console.error(error.message);
  else if (error instanceof SeedError) console.error(`Seed refused: ${error.message}`);
  else console.error(`Seed failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 2;
}
