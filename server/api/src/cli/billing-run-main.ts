import { createDb, DataDirBusyError, resolveDatabaseUrl } from '@leaseboard/db';
import type { BillingHooks } from '@leaseboard/domain/billing/billing-deps';
import { formatCents } from '@leaseboard/domain/billing/money';
import { runBilling, type BillingRunSummary } from '@leaseboard/domain/billing/run-billing';
import { databaseSandboxGateway } from '@leaseboard/domain/billing/sandbox-store';
import { systemClock } from '@leaseboard/domain/clock';
import { createLogger } from '@leaseboard/domain/logger';
import { parseBillingRunArgs } from './billing-run-args.ts';

/**
 * `billing:run` as a function: parses the arguments, bills the month on DATABASE_URL or the embedded
 * database, prints the summary and returns the exit status. `hooks` is the kill tests' seam: the CLI
 * itself passes none.
 */
export async function billingRunMain(argv: readonly string[], hooks?: BillingHooks): Promise<number> {
  const args = parseBillingRunArgs(argv);
  if (!args.ok) {
    process.stderr.write(`billing:run: ${args.message}\n`);
    return 2;
  }
  let target: Awaited<ReturnType<typeof resolveDatabaseUrl>>;
  try {
    target = await resolveDatabaseUrl();
  } catch (error) {
    const reason = error instanceof DataDirBusyError ? error.message : `cannot open the database: ${(error as Error).message.split('\n')[0]}`;
    process.stderr.write(`billing:run: ${reason}\n`);
    return 1;
  }
  const db = createDb(target.url);
  try {
    const logger = createLogger((process.env['LOG_LEVEL'] as 'warn' | undefined) ?? 'warn');
    const deps = { db, clock: systemClock, gateway: databaseSandboxGateway(db), logger, ...(hooks ? { hooks } : {}) };
    const result = await runBilling(deps, { period: args.period });
    if (!result.ok) {
      process.stderr.write(`billing:run: ${result.errors[0]!.code}: ${result.errors[0]!.message}\n`);
      return 2;
    }
    process.stdout.write(`${describeRun(result.value)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`billing:run: failed: ${(error as Error).message.split('\n')[0]}\n`);
    return 1;
  } finally {
    await db.$disconnect();
    await target.stop();
  }
}

/** The summary as printed: what was created, numbered, charged and resumed, and what is left. */
export function describeRun(summary: BillingRunSummary): string {
  const counts = (byStatus: BillingRunSummary['charges']) =>
    Object.entries(byStatus).map(([status, count]) => `${count} ${status.toLowerCase().replace(/_/g, ' ')}`);
  const charges = counts(summary.charges);
  const resumed = counts(summary.resumed);
  return [
    `billing:run ${summary.period}: ${summary.partners} partner(s) with active leases`,
    `  invoices: ${summary.invoicesCreated} created, ${summary.invoicesExisting} already there, ${summary.invoicesFinalized} finalised; ${summary.invoices} in total, ${formatCents(summary.totalCents)}`,
    ...(resumed.length ? [`  resumed interrupted charges: ${resumed.join(', ')}`] : []),
    `  auto-pay: ${charges.length ? charges.join(', ') : 'nothing to charge'}`,
    ...(summary.stillPending ? [`  still pending: ${summary.stillPending} invoice(s) being charged elsewhere or the gateway did not answer; the retry sweep finishes them`] : []),
    `  took ${(summary.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}
