import { performance } from 'node:perf_hooks';
import { fail, ok, type Result } from '../result.ts';
import type { BillingDeps } from './billing-deps.ts';
import { BillingInputError } from './billing-input-error.ts';
import { parsePeriod, type BillingMonth } from './calendar.rules.ts';
import { autoPayInvoices } from './auto-pay.ts';
import { chargeInvoice, type ChargeStatus } from './charge-invoice.ts';
import { finalizeInvoices } from './finalize-invoice.ts';
import { prepareInvoices, writeInvoices } from './generate-invoice.ts';
import { partnersActiveIn } from './load-lease-history.ts';
import { loadPriceBook } from './load-price-book.ts';
import { mapLimit } from './map-limit.ts';

export type RunBillingErrorCode = 'INVALID_PERIOD' | 'PERIOD_NOT_ENDED';

export interface RunBillingInput {
  /** YYYY-MM, a month that has ended. */
  period: string;
  /** Only these partners (a per-partner job); every partner with something active when omitted. */
  partnerIds?: readonly number[];
  /** Partners whose history is read and whose invoices are written together. */
  batchSize?: number;
  /** Card charges in flight at once. */
  chargeConcurrency?: number;
  /** Test seam: runs after each batch of invoices is written (a test throws here to "kill" the run). */
  afterBatch?: (createdInvoiceIds: number[]) => void | Promise<void>;
}

export interface BillingRunSummary {
  period: string;
  /** Partners with at least one lease active during the period. */
  partners: number;
  invoicesCreated: number;
  /** Partners that already had their invoice (an earlier or concurrent run). */
  invoicesExisting: number;
  invoicesFinalized: number;
  /** Invoices of the period now stored for these partners, and their sum. */
  invoices: number;
  totalCents: number;
  charges: Partial<Record<ChargeStatus, number>>;
  /** Interrupted charges found PENDING and resumed with their own idempotency key, by outcome. */
  resumed: Partial<Record<ChargeStatus, number>>;
  /** Invoices of the period still OPEN or PAST_DUE with a PENDING attempt when the run ended (the retry sweep finishes them). */
  stillPending: number;
  durationMs: number;
  /** Milliseconds spent writing invoices, numbering them and charging cards (the steps overlap across batches). */
  phases: { generateMs: number; finalizeMs: number; chargeMs: number };
}

/**
 * Bills a month. Partners with anything active are taken in batches (one history query per batch); each
 * batch's DRAFT invoices are written, finalised (numbered) and auto-paid with the card on file, the next
 * batch being read and priced meanwhile. A catch-up pass then finishes whatever an earlier, interrupted or
 * concurrent run left behind: it finalises DRAFTs, resumes PENDING attempts through the gateway with their
 * original idempotency key (the gateway answers with the charge it already made, or makes it once), and
 * charges OPEN invoices never attempted. Each step only picks up what is left to do, so running again, or
 * in two processes at once, or after a crash, gives one invoice and at most one successful charge per
 * partner and period.
 */
export async function runBilling(deps: BillingDeps, input: RunBillingInput): Promise<Result<BillingRunSummary, RunBillingErrorCode>> {
  const started = performance.now();
  const month = checkPeriod(input.period, deps.clock.now());
  if (!month.ok) return month;
  const { period } = month.value;
  const active = await partnersActiveIn(deps.db, month.value);
  const wanted = input.partnerIds ? new Set(input.partnerIds) : null;
  const partners = wanted ? active.filter((id) => wanted.has(id)) : active;
  const book = await loadPriceBook(deps.db);
  const summary: BillingRunSummary = {
    period, partners: partners.length, invoicesCreated: 0, invoicesExisting: 0, invoicesFinalized: 0,
    invoices: 0, totalCents: 0, charges: {}, resumed: {}, stillPending: 0, durationMs: 0, phases: { generateMs: 0, finalizeMs: 0, chargeMs: 0 },
  };
  const timed = async <T>(phase: keyof BillingRunSummary['phases'], work: () => Promise<T>): Promise<T> => {
    const from = performance.now();
    try {
      return await work();
    } finally {
      summary.phases[phase] += Math.round(performance.now() - from);
    }
  };
  const finalize = async (ids: readonly number[]) => {
    const finalized = await timed('finalizeMs', () => finalizeInvoices(deps.db, deps.clock, ids));
    summary.invoicesFinalized += finalized.length;
    return finalized;
  };
  const attempted = new Set<number>();
  const autoPay = async (ids: readonly number[]) => {
    for (const id of ids) attempted.add(id);
    const counts = await timed('chargeMs', () => autoPayInvoices(deps, ids, input.chargeConcurrency ?? 8));
    for (const [status, n] of Object.entries(counts) as [ChargeStatus, number][]) summary.charges[status] = (summary.charges[status] ?? 0) + n;
  };

  const batches = chunks(partners, input.batchSize ?? 100);
  let next = batches.length > 0 ? prepareInvoices(deps.db, period, batches[0]!, book) : null;
  let charging: Promise<void> = Promise.resolve();
  try {
    for (let index = 0; index < batches.length; index++) {
      const prepared = await timed('generateMs', () => next!);
      next = index + 1 < batches.length ? prepareInvoices(deps.db, period, batches[index + 1]!, book) : null;
      const generated = await timed('generateMs', () => writeInvoices(deps.db, deps.clock, prepared));
      summary.invoicesCreated += generated.createdIds.length;
      summary.invoicesExisting += generated.existing;
      await input.afterBatch?.(generated.createdIds);
      await deps.hooks?.afterDraft?.(generated.createdIds);
      const finalized = await finalize(generated.createdIds);
      await deps.hooks?.afterNumbering?.(finalized);
      await charging;
      charging = autoPay(finalized);
    }
    await charging;
  } catch (error) {
    next?.catch(() => undefined);
    charging.catch(() => undefined);
    throw error;
  }

  const scope = input.partnerIds ? { partnerId: { in: [...input.partnerIds] } } : {};
  const drafts = await deps.db.invoice.findMany({ where: { period, status: 'DRAFT', ...scope }, select: { id: true }, orderBy: { id: 'asc' } });
  for (const ids of chunks(drafts.map((draft) => draft.id), 2000)) {
    const finalized = await finalize(ids);
    await deps.hooks?.afterNumbering?.(finalized);
  }
  const pending = { period, status: { in: ['OPEN' as const, 'PAST_DUE' as const] }, attempts: { some: { status: 'PENDING' as const } }, ...scope };
  const interrupted = await deps.db.invoice.findMany({ where: pending, select: { id: true }, orderBy: { id: 'asc' } });
  const resumed = await timed('chargeMs', () =>
    mapLimit(interrupted, input.chargeConcurrency ?? 8, (invoice) => chargeInvoice(deps, invoice.id, { trigger: 'retry' })),
  );
  for (const report of resumed) summary.resumed[report.status] = (summary.resumed[report.status] ?? 0) + 1;
  const unpaid = await deps.db.invoice.findMany({ where: { period, status: 'OPEN', attempts: { none: {} }, ...scope }, select: { id: true }, orderBy: { id: 'asc' } });
  const leftOver = unpaid.map((invoice) => invoice.id).filter((id) => !attempted.has(id));
  for (const ids of chunks(leftOver, 1000)) await autoPay(ids);

  const totals = await deps.db.invoice.aggregate({ where: { period, ...scope }, _count: { _all: true }, _sum: { totalCents: true } });
  summary.invoices = totals._count._all;
  summary.totalCents = totals._sum.totalCents ?? 0;
  summary.stillPending = await deps.db.invoice.count({ where: pending });
  summary.durationMs = Math.round(performance.now() - started);
  return ok(summary);
}

/** A valid YYYY-MM whose month is over at `now`. */
export function checkPeriod(period: string, now: Date): Result<BillingMonth, RunBillingErrorCode> {
  let month: BillingMonth;
  try {
    month = parsePeriod(period);
  } catch (error) {
    if (error instanceof BillingInputError) return fail('INVALID_PERIOD', 'The period must be a month, YYYY-MM.', ['period']);
    throw error;
  }
  if (month.endMs > now.getTime()) return fail('PERIOD_NOT_ENDED', `${period} has not ended yet: a month is billed once it is over.`, ['period']);
  return ok(month);
}

/** The month before the one containing `now` (UTC): what the run on the 1st bills. */
export function previousPeriod(now: Date): string {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}
