import type { Db } from '@leaseboard/db';
import type { Clock } from '../clock.ts';
import { parsePeriod } from './calendar.rules.ts';
import { type DraftInvoice, type DraftLine, draftInvoice } from './draft-invoice.rules.ts';
import { emitInvoiceEvents } from './invoice-events.ts';
import { loadLeaseHistory } from './load-lease-history.ts';
import type { PriceBook } from './price-book.rules.ts';

export interface GenerateOutcome {
  /** Ids of the invoices this call created, as DRAFTs. */
  createdIds: number[];
  /** Partners that already had an invoice for the period (from an earlier or a concurrent run). */
  existing: number;
  /** Partners whose leases came to no line (e.g. started and stopped at the same instant). */
  empty: number;
}

/** A batch of partners read and priced, ready to be written. */
export interface PreparedInvoices {
  period: string;
  /** Partner → its draft, for partners with at least one line and no invoice yet. */
  drafts: Map<number, DraftInvoice>;
  existing: number;
  empty: number;
}

/**
 * Reads the month's history of these partners (one query for the batch) and prices it through the
 * engine. Partners that already have an invoice for the period are skipped.
 */
export async function prepareInvoices(db: Db, period: string, partnerIds: readonly number[], book: PriceBook): Promise<PreparedInvoices> {
  const month = parsePeriod(period);
  const already = await db.invoice.findMany({ where: { period, partnerId: { in: [...partnerIds] } }, select: { partnerId: true } });
  const skip = new Set(already.map((invoice) => invoice.partnerId));
  const wanted = partnerIds.filter((id) => !skip.has(id)).sort((a, b) => a - b);
  const history = await loadLeaseHistory(db, wanted, month);
  const drafts = new Map<number, DraftInvoice>();
  for (const partnerId of wanted) {
    const draft = draftInvoice(period, history.get(partnerId) ?? [], book);
    if (draft.lines.length > 0) drafts.set(partnerId, draft);
  }
  return { period, drafts, existing: skip.size, empty: wanted.length - drafts.size };
}

/**
 * Writes the DRAFT invoices of a prepared batch, with their lines, in one transaction. A partner that
 * has an invoice for the period by now is left alone: the unique (partnerId, period) makes a concurrent
 * run wait and then skip, so generating again never changes anything.
 */
export async function writeInvoices(db: Db, clock: Clock, prepared: PreparedInvoices): Promise<GenerateOutcome> {
  const { period, drafts } = prepared;
  const outcome: GenerateOutcome = { createdIds: [], existing: prepared.existing, empty: prepared.empty };
  if (drafts.size === 0) return outcome;
  const month = parsePeriod(period);
  const now = clock.now();
  const partners = [...drafts.keys()];
  const totals = partners.map((id) => drafts.get(id)!.totalCents);
  await db.$transaction(
    async (tx) => {
      const created = await tx.$queryRaw<{ id: number; partnerId: number }[]>`
        INSERT INTO "Invoice" ("partnerId", period, "periodStart", "periodEnd", status, currency, "subtotalCents", "totalCents", "createdAt", "updatedAt")
        SELECT p.partner_id, ${period}, ${new Date(month.startMs)}, ${new Date(month.endMs)}, 'DRAFT', 'USD', p.total, p.total, ${now}, ${now}
        FROM unnest(${partners}::int4[], ${totals}::int4[]) WITH ORDINALITY AS p(partner_id, total, n)
        ORDER BY p.n
        ON CONFLICT ("partnerId", period) DO NOTHING
        RETURNING id, "partnerId"`;
      created.sort((a, b) => a.id - b.id);
      outcome.existing += partners.length - created.length;
      await emitInvoiceEvents(tx, 'invoice.created', created.map((row) => row.id), now);
      const lines = created.flatMap((row) => drafts.get(row.partnerId)!.lines.map((line) => lineRecord(row.id, line)));
      if (lines.length > 0) {
        // One JSON parameter rather than a dozen arrays: cheaper to encode, send and decode at this size.
        await tx.$executeRaw`
          INSERT INTO "InvoiceLine" ("invoiceId", "leaseId", kind, "customerEmail", description, sku, "priceCents", days, divisor, "fromDate", "toDate", "amountCents")
          SELECT l.i, l.l, l.k::"InvoiceLineKind", l.e, l.d, l.s, l.p, l.n, l.v, l.f, l.t, l.a
          FROM ROWS FROM (json_to_recordset(${JSON.stringify(lines)}::json) AS (
            i int4, l int4, k text, e text, d text, s text, p int4, n int4, v int4, f date, t date, a int4)) WITH ORDINALITY AS l(i, l, k, e, d, s, p, n, v, f, t, a, o)
          ORDER BY l.o`;
      }
      outcome.createdIds = created.map((row) => row.id);
    },
    { timeout: 120_000 },
  );
  return outcome;
}

/** The DRAFT invoices of the period for these partners: prepareInvoices, then writeInvoices. */
export async function generateInvoices(
  db: Db,
  clock: Clock,
  period: string,
  partnerIds: readonly number[],
  book: PriceBook,
): Promise<GenerateOutcome> {
  return writeInvoices(db, clock, await prepareInvoices(db, period, partnerIds, book));
}

/** A line as the insert reads it, with one-letter keys to keep the JSON small. */
function lineRecord(invoiceId: number, line: DraftLine) {
  return {
    i: invoiceId, l: line.leaseId, k: line.kind, e: line.customerEmail, d: line.description, s: line.sku,
    p: line.priceCents, n: line.days, v: line.divisor, f: line.fromDate, t: line.toDate, a: line.amountCents,
  };
}
