import { createDb, DataDirBusyError, resolveDatabaseUrl } from '@leaseboard/db';
import { formatCents } from '@leaseboard/domain/billing/money';
import { type Reconciliation, reconcilePeriod } from '@leaseboard/domain/billing/reconcile-period';
import { databaseSandboxGateway } from '@leaseboard/domain/billing/sandbox-store';
import { systemClock } from '@leaseboard/domain/clock';
import { createLogger } from '@leaseboard/domain/logger';
import { randomUUID } from 'node:crypto';
import { parseBillingRunArgs } from './billing-run-args.ts';

/**
 * `pnpm billing:reconcile --period YYYY-MM`: compares the period's invoices with the gateway's charges,
 * repairs what is proven, prints every finding, and audits the run (`billing.reconcile`). Exit status 0
 * when nothing is left to report, 3 when findings are left for a person, 2 for bad arguments, 1 when the
 * database cannot be reached.
 */
const args = parseBillingRunArgs(process.argv.slice(2), 'billing:reconcile');
if (!args.ok) {
  process.stderr.write(`billing:reconcile: ${args.message}\n`);
  process.exit(2);
}
const target = await resolveDatabaseUrl().catch((error: Error) => {
  const reason = error instanceof DataDirBusyError ? error.message : `cannot open the database: ${error.message.split('\n')[0]}`;
  process.stderr.write(`billing:reconcile: ${reason}\n`);
  process.exit(1);
});
const db = createDb(target.url);
try {
  const logger = createLogger((process.env['LOG_LEVEL'] as 'warn' | undefined) ?? 'warn');
  const meta = {
    viewer: { kind: 'anonymous' as const, scopes: new Set<never>(), label: 'billing:reconcile (command line)' },
    ip: null,
    requestId: randomUUID(),
    at: systemClock.now(),
  };
  const result = await reconcilePeriod({ db, clock: systemClock, gateway: databaseSandboxGateway(db), logger }, args.period, { repair: true, meta });
  if (!result.ok) {
    process.stderr.write(`billing:reconcile: ${result.errors[0]!.code}: ${result.errors[0]!.message}\n`);
    process.exitCode = 2;
  } else {
    process.stdout.write(`${describe(result.value)}\n`);
    process.exitCode = result.value.reported > 0 ? 3 : 0;
  }
} catch (error) {
  process.stderr.write(`billing:reconcile: failed: ${(error as Error).message.split('\n')[0]}\n`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await target.stop();
}

function describe(r: Reconciliation): string {
  const line = (f: Reconciliation['findings'][number]) => {
    const what = `${f.invoiceNumber ?? `invoice ${f.invoiceId}`} (partner ${f.partnerId}${f.attemptNumber === null ? '' : `, attempt ${f.attemptNumber}`})`;
    const amounts = `invoice ${formatCents(f.invoiceCents)}${f.gatewayCents === null ? '' : `, gateway ${formatCents(f.gatewayCents)}`}`;
    return `    ${f.kind} ${what}: ${amounts}`;
  };
  const repaired = r.findings.filter((f) => f.repaired);
  const left = r.findings.filter((f) => !f.repaired);
  return [
    `billing:reconcile ${r.period}: ${r.invoices} invoice(s), ${r.charges} charge(s) recorded by the gateway`,
    ...(repaired.length ? [`  repaired ${repaired.length}:`, ...repaired.map(line)] : []),
    ...(left.length ? [`  to look at ${left.length}:`, ...left.map(line)] : ['  nothing left to report']),
  ].join('\n');
}
