import type pg from 'pg';
import { InvoiceStatus, PaymentAttemptStatus } from '@leaseboard/db';
import { chargeKey } from '@leaseboard/domain/billing/charge-invoice';
import type { SeededPartner } from './accounts-writer.ts';
import { BulkInsert, iso } from './bulk-insert.ts';
import { invoiceNumber, type InvoiceMonth } from './invoice-plan.ts';
import { MINUTE_MS } from './lease-plan.ts';
import type { Random } from './random.ts';

const FINALIZED_AFTER_MONTH_END_MS = 60 * MINUTE_MS;
const PAID_AFTER_FINALIZED_MS = 2 * MINUTE_MS;

/**
 * One paid invoice per partner and month, numbered INV-YYYY-NNNNNN gaplessly per year of the period in
 * the order (period, partner), continuing the year's counter. Invoices are written first with zero
 * totals so lines can reference them; `finish` writes the totals, the payments and the counters.
 */
export class InvoiceBook {
  readonly #partners: readonly SeededPartner[];
  readonly #months: readonly InvoiceMonth[];
  readonly #firstId: number;
  readonly #nowMs: number;
  readonly #totals: number[];
  readonly #lastNumber = new Map<number, number>();
  #attempts = 0;

  constructor(partners: readonly SeededPartner[], months: readonly InvoiceMonth[], firstId: number, nowMs: number) {
    this.#partners = partners;
    this.#months = months;
    this.#firstId = firstId;
    this.#nowMs = nowMs;
    this.#totals = new Array<number>(partners.length * months.length).fill(0);
  }

  get count(): number {
    return this.#totals.length;
  }

  get paymentAttempts(): number {
    return this.#attempts;
  }

  invoiceId(partner: number, month: number): number {
    return this.#firstId + month * this.#partners.length + partner;
  }

  addAmount(partner: number, month: number, amountCents: number): void {
    this.#totals[month * this.#partners.length + partner]! += amountCents;
  }

  #finalizedMs(month: InvoiceMonth): number {
    return Math.min(month.endMs + FINALIZED_AFTER_MONTH_END_MS, this.#nowMs);
  }

  #paidMs(month: InvoiceMonth): number {
    return Math.min(this.#finalizedMs(month) + PAID_AFTER_FINALIZED_MS, this.#nowMs);
  }

  async insertInvoices(client: pg.ClientBase): Promise<void> {
    const years = [...new Set(this.#months.map((month) => month.year))];
    const counters = await client.query<{ year: number; last: number }>(
      `SELECT "year", "last" FROM "InvoiceNumberCounter" WHERE "year" = ANY($1::int4[])`,
      [years],
    );
    for (const year of years) this.#lastNumber.set(year, 0);
    for (const row of counters.rows) this.#lastNumber.set(row.year, row.last);

    const rows = new BulkInsert('Invoice', [
      { name: 'id', type: 'int4' },
      { name: 'partnerId', type: 'int4' },
      { name: 'period', type: 'text' },
      { name: 'periodStart', type: 'timestamptz' },
      { name: 'periodEnd', type: 'timestamptz' },
      { name: 'number', type: 'text' },
      { name: 'status', type: '"InvoiceStatus"' },
      { name: 'subtotalCents', type: 'int4' },
      { name: 'totalCents', type: 'int4' },
      { name: 'finalizedAt', type: 'timestamptz' },
      { name: 'paidAt', type: 'timestamptz' },
      { name: 'createdAt', type: 'timestamptz' },
      { name: 'updatedAt', type: 'timestamptz' },
    ]);
    this.#months.forEach((month, monthIndex) => {
      this.#partners.forEach((partner, partnerIndex) => {
        const sequence = this.#lastNumber.get(month.year)! + 1;
        this.#lastNumber.set(month.year, sequence);
        const finalized = iso(this.#finalizedMs(month));
        rows.push(
          this.invoiceId(partnerIndex, monthIndex), partner.id, month.period, iso(month.startMs), iso(month.endMs),
          invoiceNumber(month.year, sequence), InvoiceStatus.PAID, 0, 0, finalized, iso(this.#paidMs(month)),
          finalized, iso(this.#paidMs(month)),
        );
      });
    });
    await rows.flush(client);
  }

  /** Totals, one successful card payment per invoice with something to pay (and the sandbox's record of it), and the number counters. */
  async finish(client: pg.ClientBase, random: Random): Promise<void> {
    const ids: number[] = [];
    const totals: number[] = [];
    const attempts = new BulkInsert('PaymentAttempt', [
      { name: 'invoiceId', type: 'int4' },
      { name: 'attemptNumber', type: 'int4' },
      { name: 'paymentMethodId', type: 'int4' },
      { name: 'amountCents', type: 'int4' },
      { name: 'status', type: '"PaymentAttemptStatus"' },
      { name: 'gatewayRef', type: 'text' },
      { name: 'trigger', type: 'text' },
      { name: 'createdAt', type: 'timestamptz' },
      { name: 'completedAt', type: 'timestamptz' },
    ]);
    this.#months.forEach((month, monthIndex) => {
      this.#partners.forEach((partner, partnerIndex) => {
        const id = this.invoiceId(partnerIndex, monthIndex);
        const total = this.#totals[monthIndex * this.#partners.length + partnerIndex]!;
        ids.push(id);
        totals.push(total);
        if (total === 0) return;
        attempts.push(
          id, 1, partner.paymentMethodId, total, PaymentAttemptStatus.SUCCEEDED, `ch_sandbox_${random.hex(24)}`,
          'finalize', iso(this.#finalizedMs(month)), iso(this.#paidMs(month)),
        );
      });
    });
    await client.query(
      `UPDATE "Invoice" AS i SET "subtotalCents" = t.total, "totalCents" = t.total
       FROM unnest($1::int4[], $2::int4[]) AS t(id, total) WHERE i."id" = t.id`,
      [ids, totals],
    );
    this.#attempts = attempts.pending;
    await attempts.flush(client);
    // The sandbox gateway's record of each of those charges, so reconciliation finds the history in agreement.
    const charged = ids.filter((_, index) => totals[index]! > 0);
    await client.query(
      `INSERT INTO "SandboxGatewayRecord" (store, key, value)
       SELECT 'charge', c.key, jsonb_build_object('token', pm.token, 'amountCents', a."amountCents", 'currency', i.currency,
                                                 'outcome', jsonb_build_object('status', 'succeeded', 'reference', a."gatewayRef"))
       FROM unnest($1::int4[], $2::text[]) AS c(id, key)
       JOIN "PaymentAttempt" a ON a."invoiceId" = c.id AND a."attemptNumber" = 1
       JOIN "Invoice" i ON i.id = c.id
       JOIN "PaymentMethod" pm ON pm.id = a."paymentMethodId"
       ON CONFLICT (store, key) DO NOTHING`,
      [charged, charged.map((id) => chargeKey(id, 1))],
    );
    for (const [year, last] of this.#lastNumber) {
      await client.query(
        `INSERT INTO "InvoiceNumberCounter" ("year", "last") VALUES ($1, $2)
         ON CONFLICT ("year") DO UPDATE SET "last" = EXCLUDED."last"`,
        [year, last],
      );
    }
  }
}
