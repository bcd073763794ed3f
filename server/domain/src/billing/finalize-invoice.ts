import type { Db } from '@leaseboard/db';
import type { Clock } from '../clock.ts';
import type { Tx } from '../tx.ts';
import { emitInvoiceEvents } from './invoice-events.ts';

/** INV-YYYY-NNNNNN */
export function formatInvoiceNumber(year: number, sequence: number): string {
  return `INV-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * Finalises the DRAFT invoices among `invoiceIds`: each gets the next number of its period's year, status
 * OPEN and finalizedAt, in one transaction. The year's counter row is incremented in that same
 * transaction, so numbers are gapless (a rollback gives them back) and never handed out twice. Invoices
 * are locked in id order before the counter, so concurrent finalisers queue up instead of deadlocking;
 * one that waited finds the invoices no longer DRAFT and leaves them alone. Returns the ids finalised.
 */
export async function finalizeInvoices(db: Db, clock: Clock, invoiceIds: readonly number[]): Promise<number[]> {
  if (invoiceIds.length === 0) return [];
  return db.$transaction((tx) => finalizeIn(tx, clock.now(), invoiceIds), { timeout: 60_000 });
}

/** One invoice: see finalizeInvoices. True when this call finalised it. */
export async function finalizeInvoice(db: Db, clock: Clock, invoiceId: number): Promise<boolean> {
  return (await finalizeInvoices(db, clock, [invoiceId])).length === 1;
}

async function finalizeIn(tx: Tx, now: Date, invoiceIds: readonly number[]): Promise<number[]> {
  const drafts = await tx.$queryRaw<{ id: number; period: string }[]>`
    SELECT id, period FROM "Invoice" WHERE id = ANY(${[...invoiceIds]}::int4[]) AND status = 'DRAFT' ORDER BY id FOR UPDATE`;
  const byYear = new Map<number, number[]>();
  for (const draft of drafts) {
    const year = Number(draft.period.slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), draft.id]);
  }
  const ids: number[] = [];
  const numbers: string[] = [];
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    const yearIds = byYear.get(year)!;
    const [counter] = await tx.$queryRaw<{ last: number }[]>`
      INSERT INTO "InvoiceNumberCounter" (year, last) VALUES (${year}, ${yearIds.length})
      ON CONFLICT (year) DO UPDATE SET last = "InvoiceNumberCounter".last + EXCLUDED.last
      RETURNING last`;
    const first = counter!.last - yearIds.length + 1;
    yearIds.forEach((id, index) => {
      ids.push(id);
      numbers.push(formatInvoiceNumber(year, first + index));
    });
  }
  if (ids.length > 0) {
    await tx.$executeRaw`
      UPDATE "Invoice" AS i SET number = f.number, status = 'OPEN', "finalizedAt" = ${now}, "updatedAt" = ${now}
      FROM unnest(${ids}::int4[], ${numbers}::text[]) AS f(id, number)
      WHERE i.id = f.id`;
    await emitInvoiceEvents(tx, 'invoice.finalized', ids, now);
  }
  return ids;
}
