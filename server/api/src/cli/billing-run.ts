import { createDb, DataDirBusyError, resolveDatabaseUrl } from '@leaseboard/db';
import { systemClock } from '@leaseboard/domain/clock';
import { formatCents } from '@leaseboard/domain/billing/money';
import { runBilling, type BillingRunSummary } from '@leaseboard/domain/billing/run-billing';
import { databaseSandboxGateway } from '@leaseboard/domain/billing/sandbox-store';
import { createLogger } from '@leaseboard/domain/logger';
import { parseBillingRunArgs } from './billing-run-args.ts';

/**
 * `pnpm billing:run --period YYYY-MM`: bills a past month now, on DATABASE_URL or the embedded database
 * in DATA_DIR, and prints a summary. Safe to repeat: what is already billed or charged is left alone.
 * Bad arguments print one line and exit 2; a database that cannot be reached exits 1.
 */
const args = parseBillingRunArgs(process.argv.slice(2));
if (!args.ok) {
  process.stderr.write(`billing:run: ${args.message}\n`);
  process.exit(2);
}

const target = await resolveDatabaseUrl().catch((error: Error) => {
  const reason = error instanceof DataDirBusyError ? error.message : `cannot open the database: ${error.message.split('\n')[0]}`;
  process.stderr.write(`billing:run: ${reason}\n`);
  process.exit(1);
});
const db = createDb(target.url);
try {
  const logger = createLogger((process.env['LOG_LEVEL'] as 'warn' | undefined) ?? 'warn');
  const result = await runBilling({ db, clock: systemClock, gateway: databaseSandboxGateway(db), logger }, { period: args.period });
  if (!result.ok) {
    process.stderr.write(`billing:run: ${result.errors[0]!.code}: ${result.errors[0]!.message}\n`);
    process.exitCode = 2;
  } else {
    process.stdout.write(`${describe(result.value)}\n`);
  }
} catch (error) {
  process.stderr.write(`billing:run: failed: ${(error as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await target.stop();
}

function describe(summary: BillingRunSummary): string {
  const charges = Object.entries(summary.charges).map(([status, count]) => `${count} ${status.toLowerCase().replace(/_/g, ' ')}`);
  return [
    `billing:run ${summary.period}: ${summary.partners} partner(s) with active leases`,
    `  invoices: ${summary.invoicesCreated} created, ${summary.invoicesExisting} already there, ${summary.invoicesFinalized} finalised; ${summary.invoices} in total, ${formatCents(summary.totalCents)}`,
    `  auto-pay: ${charges.length ? charges.join(', ') : 'nothing to charge'}`,
    `  took ${(summary.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
