import { Prisma, type Db } from '@leaseboard/db';
import { runReport, toNumber, type ReportScope } from './report-sql.ts';

export interface InvoiceMonth {
  /** YYYY-MM. */
  period: string;
  invoices: number;
  totalCents: number;
  paidCents: number;
  /** OPEN and PAST_DUE. */
  outstandingCents: number;
}

export interface InvoiceMonthsReport {
  months: InvoiceMonth[];
  total: Omit<InvoiceMonth, 'period'>;
}

interface Row {
  period: string;
  invoices: number;
  total: bigint;
  paid: bigint;
  outstanding: bigint;
}

/**
 * Finalised invoices (OPEN, PAID, PAST_DUE; not DRAFT or VOID) per billed month whose period starts in
 * [from, to). Without a product filter a month is the sum of invoice totals; with one it is the sum of
 * the invoice lines billed for that product (its SKU) or product type (its products' and add-ons' SKUs),
 * and `invoices` counts the invoices having such lines.
 */
export async function sumInvoicesByMonth(db: Db, scope: ReportScope, range: { from: Date; to: Date }): Promise<InvoiceMonthsReport> {
  const partner = scope.partnerId === null ? Prisma.empty : Prisma.sql`AND i."partnerId" = ${scope.partnerId}`;
  const where = Prisma.sql`i.status IN ('OPEN', 'PAID', 'PAST_DUE') AND i."periodStart" >= ${range.from} AND i."periodStart" < ${range.to} ${partner}`;
  const skus = skuFilter(scope);
  const rows = await runReport<Row>(db, 
    skus === null
      ? Prisma.sql`
        SELECT i.period, count(*)::int AS invoices,
               coalesce(sum(i."totalCents"), 0)::bigint AS total,
               coalesce(sum(i."totalCents") FILTER (WHERE i.status = 'PAID'), 0)::bigint AS paid,
               coalesce(sum(i."totalCents") FILTER (WHERE i.status IN ('OPEN', 'PAST_DUE')), 0)::bigint AS outstanding
        FROM "Invoice" i WHERE ${where}
        GROUP BY i.period ORDER BY i.period`
      : Prisma.sql`
        SELECT i.period, count(DISTINCT i.id)::int AS invoices,
               coalesce(sum(il."amountCents"), 0)::bigint AS total,
               coalesce(sum(il."amountCents") FILTER (WHERE i.status = 'PAID'), 0)::bigint AS paid,
               coalesce(sum(il."amountCents") FILTER (WHERE i.status IN ('OPEN', 'PAST_DUE')), 0)::bigint AS outstanding
        FROM "Invoice" i JOIN "InvoiceLine" il ON il."invoiceId" = i.id
        WHERE ${where} AND il.sku IN (${skus})
        GROUP BY i.period ORDER BY i.period`,
  );
  const months = rows.map((r) => ({
    period: r.period,
    invoices: r.invoices,
    totalCents: toNumber(r.total),
    paidCents: toNumber(r.paid),
    outstandingCents: toNumber(r.outstanding),
  }));
  const total = { invoices: 0, totalCents: 0, paidCents: 0, outstandingCents: 0 };
  for (const m of months) {
    total.invoices += m.invoices;
    total.totalCents += m.totalCents;
    total.paidCents += m.paidCents;
    total.outstandingCents += m.outstandingCents;
  }
  return { months, total };
}

/** A subquery of the SKUs a product filter bills under, or null without a filter. */
function skuFilter(scope: ReportScope): Prisma.Sql | null {
  if (scope.productId != null) {
    const type = scope.productTypeId != null ? Prisma.sql`AND "productTypeId" = ${scope.productTypeId}` : Prisma.empty;
    return Prisma.sql`SELECT sku FROM "Product" WHERE id = ${scope.productId} ${type}`;
  }
  if (scope.productTypeId != null) {
    return Prisma.sql`SELECT sku FROM "Product" WHERE "productTypeId" = ${scope.productTypeId}
                      UNION ALL SELECT sku FROM "AddOn" WHERE "productTypeId" = ${scope.productTypeId}`;
  }
  return null;
}
