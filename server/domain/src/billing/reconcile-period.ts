import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { fail, ok, type Result } from '../result.ts';
import { type BillingDeps, CHARGE_TX } from './billing-deps.ts';
import { BillingInputError } from './billing-input-error.ts';
import { parsePeriod } from './calendar.rules.ts';
import { chargeKey } from './charge-invoice.ts';
import { completeAttempt } from './complete-attempt.ts';
import { recordInvoicesPaid } from './invoice-paid.ts';
import { mapLimit } from './map-limit.ts';
import type { RecordedCharge } from './payment-gateway.ts';

/** A disagreement between an invoice (with its attempts) and the gateway's record of a charge. */
export type ReconciliationKind =
  /** The gateway charged; the attempt is still PENDING. Repaired: the attempt SUCCEEDED, the invoice PAID. */
  | 'CHARGED_BUT_PENDING'
  /** The gateway declined; the attempt is still PENDING. Repaired: the attempt FAILED, dunning goes on. */
  | 'DECLINED_BUT_PENDING'
  /** The attempt SUCCEEDED and the gateway agrees, yet the invoice is not PAID. Repaired: PAID. */
  | 'SUCCEEDED_ON_UNPAID'
  /** An attempt PENDING that the gateway never charged: `billing:run` (or the retry sweep) resumes it. Reported. */
  | 'PENDING_NOT_CHARGED'
  /** The gateway charged under a key whose attempt is marked FAILED. Reported. */
  | 'CHARGED_BUT_FAILED'
  /** The attempt says SUCCEEDED but the gateway holds no successful charge under its key. Reported. */
  | 'SUCCEEDED_WITHOUT_CHARGE'
  /** PAID, with a total above zero, and no successful charge at the gateway. Reported. */
  | 'PAID_WITHOUT_CHARGE'
  /** A charge's amount or currency differs from the invoice's total or the attempt's amount. Reported. */
  | 'AMOUNT_MISMATCH'
  /** More than one successful charge for one invoice. Reported. */
  | 'CHARGED_TWICE';

export interface ReconciliationFinding {
  kind: ReconciliationKind;
  invoiceId: number;
  invoiceNumber: string | null;
  partnerId: number;
  attemptNumber: number | null;
  invoiceCents: number;
  /** What the gateway recorded (succeeded or not), when it holds a charge under the attempt's key. */
  gatewayCents: number | null;
  /** True when this reconciliation repaired it (or, without repairing, could have). */
  repairable: boolean;
  repaired: boolean;
}

export interface Reconciliation {
  period: string;
  /** Finalised invoices of the period, and the charges the gateway holds for their attempts. */
  invoices: number;
  charges: number;
  findings: ReconciliationFinding[];
  repaired: number;
  /** Findings left for a person: nothing to do when 0. */
  reported: number;
}

export interface ReconcileOptions {
  /** Repair what is proven (see ReconciliationKind); false only lists. */
  repair: boolean;
  /** Who asked: a run that repaired anything or found anything is audited as `billing.reconcile`. */
  meta: RequestMeta;
}

const REPAIRABLE: ReadonlySet<ReconciliationKind> = new Set(['CHARGED_BUT_PENDING', 'DECLINED_BUT_PENDING', 'SUCCEEDED_ON_UNPAID']);

interface InvoiceRow {
  id: number;
  partnerId: number;
  number: string | null;
  status: string;
  totalCents: number;
  currency: string;
  attempts: { id: number; attemptNumber: number; amountCents: number; status: string; trigger: string }[];
}

/**
 * Compares every finalised invoice of a period with the gateway's record under each of its attempts'
 * idempotency keys (attempts are committed before the gateway is called, so every charge has one), lists
 * each disagreement, repairs the proven ones through the same transitions a charge takes (so a repaired
 * invoice gets its receipt and `invoice.paid` once), and reports the rest. Running it again finds nothing
 * it repaired.
 */
export async function reconcilePeriod(deps: BillingDeps, period: string, options: ReconcileOptions): Promise<Result<Reconciliation, 'INVALID_PERIOD'>> {
  try {
    parsePeriod(period);
  } catch (error) {
    if (error instanceof BillingInputError) return fail('INVALID_PERIOD', 'The period must be a month, YYYY-MM.', ['period']);
    throw error;
  }
  const invoices: InvoiceRow[] = await deps.db.invoice.findMany({
    where: { period, status: { not: 'DRAFT' } },
    orderBy: { id: 'asc' },
    select: {
      id: true, partnerId: true, number: true, status: true, totalCents: true, currency: true,
      attempts: { orderBy: { attemptNumber: 'asc' }, select: { id: true, attemptNumber: true, amountCents: true, status: true, trigger: true } },
    },
  });
  const attempts = invoices.flatMap((invoice) => invoice.attempts.map((attempt) => ({ invoice, attempt })));
  const records = await mapLimit(attempts, 8, ({ invoice, attempt }) => deps.gateway.findCharge(chargeKey(invoice.id, attempt.attemptNumber)));
  const recordOf = new Map(attempts.map(({ attempt }, index) => [attempt.id, records[index] ?? null]));

  const findings: ReconciliationFinding[] = [];
  for (const invoice of invoices) findings.push(...compare(invoice, recordOf));
  if (options.repair) {
    for (const finding of findings) {
      if (finding.repairable) finding.repaired = await repair(deps, invoices.find((invoice) => invoice.id === finding.invoiceId)!, finding, recordOf);
    }
  }
  const reconciliation: Reconciliation = {
    period,
    invoices: invoices.length,
    charges: records.filter((record) => record !== null).length,
    findings,
    repaired: findings.filter((finding) => finding.repaired).length,
    reported: findings.filter((finding) => !finding.repairable).length,
  };
  if (options.repair && findings.length > 0) {
    await deps.db.$transaction((tx) =>
      recordAudit(tx, options.meta, {
        partnerId: null,
        action: 'billing.reconcile',
        targetType: 'BillingPeriod',
        targetId: period,
        after: {
          repaired: findings.filter((f) => f.repaired).map(({ kind, invoiceId, attemptNumber }) => ({ kind, invoiceId, attemptNumber })),
          reported: findings.filter((f) => !f.repaired).map(({ kind, invoiceId, attemptNumber }) => ({ kind, invoiceId, attemptNumber })),
        },
      }),
    );
  }
  return ok(reconciliation);
}

/** The disagreements of one invoice, in attempt order, then the invoice-level ones. */
function compare(invoice: InvoiceRow, recordOf: ReadonlyMap<number, RecordedCharge | null>): ReconciliationFinding[] {
  const findings: ReconciliationFinding[] = [];
  const found = (kind: ReconciliationKind, attemptNumber: number | null, record: RecordedCharge | null) =>
    findings.push({
      kind, invoiceId: invoice.id, invoiceNumber: invoice.number, partnerId: invoice.partnerId, attemptNumber,
      invoiceCents: invoice.totalCents, gatewayCents: record?.amountCents ?? null, repairable: REPAIRABLE.has(kind), repaired: false,
    });
  let charged = 0;
  for (const attempt of invoice.attempts) {
    const record = recordOf.get(attempt.id) ?? null;
    const succeeded = record?.outcome.status === 'succeeded';
    if (succeeded) charged++;
    const sameAmount = record !== null && record.amountCents === attempt.amountCents && record.amountCents === invoice.totalCents && record.currency === invoice.currency;
    if (record !== null && !sameAmount) {
      found('AMOUNT_MISMATCH', attempt.attemptNumber, record);
      continue;
    }
    if (attempt.status === 'PENDING') found(record === null ? 'PENDING_NOT_CHARGED' : succeeded ? 'CHARGED_BUT_PENDING' : 'DECLINED_BUT_PENDING', attempt.attemptNumber, record);
    else if (attempt.status === 'FAILED' && succeeded) found('CHARGED_BUT_FAILED', attempt.attemptNumber, record);
    else if (attempt.status === 'SUCCEEDED' && !succeeded) found('SUCCEEDED_WITHOUT_CHARGE', attempt.attemptNumber, record);
    else if (attempt.status === 'SUCCEEDED' && invoice.status !== 'PAID') found('SUCCEEDED_ON_UNPAID', attempt.attemptNumber, record);
  }
  if (charged > 1) found('CHARGED_TWICE', null, null);
  if (invoice.status === 'PAID' && invoice.totalCents > 0 && charged === 0) found('PAID_WITHOUT_CHARGE', null, null);
  return findings;
}

/** Applies a proven repair; false when the state moved on meanwhile (another process finished it). */
async function repair(deps: BillingDeps, invoice: InvoiceRow, finding: ReconciliationFinding, recordOf: ReadonlyMap<number, RecordedCharge | null>): Promise<boolean> {
  const attempt = invoice.attempts.find((a) => a.attemptNumber === finding.attemptNumber)!;
  const record = recordOf.get(attempt.id)!;
  const now = deps.clock.now();
  if (finding.kind === 'SUCCEEDED_ON_UNPAID') {
    return deps.db.$transaction(async (tx) => {
      const marked = await tx.$queryRaw<{ id: number }[]>`
        UPDATE "Invoice" SET status = 'PAID', "paidAt" = ${now}, "nextRetryAt" = NULL, "updatedAt" = ${now}
        WHERE id = ${invoice.id} AND status IN ('OPEN', 'PAST_DUE') RETURNING id`;
      await recordInvoicesPaid(tx, marked.map((row) => row.id), now);
      return marked.length === 1;
    }, CHARGE_TX);
  }
  const started = { id: attempt.id, invoiceId: invoice.id, attemptNumber: attempt.attemptNumber, amountCents: attempt.amountCents, currency: invoice.currency, token: '', trigger: attempt.trigger, invoiceNumber: invoice.number, resumed: true };
  const result = record.outcome.status === 'succeeded'
    ? { status: 'SUCCEEDED' as const, gatewayRef: record.outcome.reference }
    : { status: 'FAILED' as const, declineCode: record.outcome.declineCode, hardDecline: record.outcome.hardDecline, message: record.outcome.message };
  return completeAttempt(deps.db, started, result, now);
}
