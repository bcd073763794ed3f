import type { Db, InvoiceStatus } from '@leaseboard/db';

export interface InvoiceHistoryPoint {
  /** YYYY-MM */
  period: string;
  totalCents: number;
  /** The invoice's status; null when there is none, or when the point sums several partners' invoices. */
  status: InvoiceStatus | null;
}

/** The `count` months before the month of `now`, oldest first, as YYYY-MM. */
export function monthsBefore(now: Date, count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (count - index), 1));
    return `${start.getUTCFullYear()}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/**
 * Invoice totals of the last `months` complete months, one point per month (0 when not billed), for
 * charts. For one partner (partnerId), or the sum over all partners (null, vendor staff).
 */
export async function invoiceHistory(db: Db, partnerId: number | null, now: Date, months: number): Promise<InvoiceHistoryPoint[]> {
  const periods = monthsBefore(now, months);
  if (partnerId === null) {
    const sums = await db.invoice.groupBy({ by: ['period'], where: { period: { in: periods }, status: { not: 'VOID' } }, _sum: { totalCents: true } });
    const byPeriod = new Map(sums.map((row) => [row.period, row._sum.totalCents ?? 0]));
    return periods.map((period) => ({ period, totalCents: byPeriod.get(period) ?? 0, status: null }));
  }
  const invoices = await db.invoice.findMany({ where: { partnerId, period: { in: periods } }, select: { period: true, totalCents: true, status: true } });
  const byPeriod = new Map(invoices.map((invoice) => [invoice.period, invoice]));
  return periods.map((period) => {
    const invoice = byPeriod.get(period);
    return { period, totalCents: invoice?.totalCents ?? 0, status: invoice?.status ?? null };
  });
}
