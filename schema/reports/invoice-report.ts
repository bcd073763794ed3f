import { billingPreview, type PartnerPreview } from '@leaseboard/domain/billing/billing-preview';
import { sumInvoicesByMonth, type InvoiceMonth, type InvoiceMonthsReport } from '@leaseboard/domain/reports/sum-invoices-by-month';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { ReportFilterInput, reportScope } from './inputs.ts';
import { ReportsRef } from './reports.ts';

const MAX_RANGE_MS = 10 * 366 * 86_400_000;

const InvoiceMonthRef = builder.objectRef<InvoiceMonth>('InvoiceMonth').implement({
  fields: (t) => ({
    period: t.exposeString('period', { description: 'YYYY-MM.' }),
    invoices: t.exposeInt('invoices'),
    totalCents: t.expose('totalCents', { type: 'Cents' }),
    paidCents: t.expose('paidCents', { type: 'Cents' }),
    outstandingCents: t.expose('outstandingCents', { type: 'Cents', description: 'OPEN and PAST_DUE.' }),
  }),
});

const InvoiceTotals = builder.objectRef<InvoiceMonthsReport['total']>('InvoiceTotals').implement({
  fields: (t) => ({
    invoices: t.exposeInt('invoices'),
    totalCents: t.expose('totalCents', { type: 'Cents' }),
    paidCents: t.expose('paidCents', { type: 'Cents' }),
    outstandingCents: t.expose('outstandingCents', { type: 'Cents' }),
  }),
});

const MonthProjection = builder.objectRef<PartnerPreview>('InvoiceMonthProjection').implement({
  description: 'The current month before its invoice exists, priced by the billing engine as the invoice will be.',
  fields: (t) => ({
    period: t.exposeString('period', { description: 'YYYY-MM.' }),
    asOf: t.expose('asOf', { type: 'DateTime' }),
    monthToDateCents: t.expose('monthToDateCents', { type: 'Cents', description: 'What the month costs if every lease stopped now.' }),
    projectedCents: t.expose('projectedCents', { type: 'Cents', description: 'What the month will cost at its end as things stand.' }),
  }),
});

/** The report, and the partner and instant its projection would be made for (null: no projection). */
type ReportWithProjection = InvoiceMonthsReport & { projectFor: { partnerId: number; now: Date } | null };

const InvoiceTotalsReport = builder.objectRef<ReportWithProjection>('InvoiceTotalsReport').implement({
  description:
    'Finalised invoices (OPEN, PAID, PAST_DUE) per billed month. With a product filter, the amounts are the invoice lines billed for it.',
  fields: (t) => ({
    months: t.field({ type: [InvoiceMonthRef], resolve: (r) => r.months }),
    total: t.field({ type: InvoiceTotals, resolve: (r) => r.total }),
    currentMonth: t.field({
      type: MonthProjection,
      nullable: true,
      description:
        'Projection of the current month through the billing engine (computed only when asked for). Null for vendor staff and when a product filter is set.',
      resolve: (r, _args, ctx) => (r.projectFor ? billingPreview(ctx.db, r.projectFor.partnerId, r.projectFor.now) : null),
    }),
  }),
});

builder.objectField(ReportsRef, 'invoiceTotals', (t) =>
  t.field({
    type: InvoiceTotalsReport,
    description: 'Invoice totals per month for the months that start in [from, to).',
    authScopes: { scope: 'reports:read' },
    args: {
      from: t.arg({ type: 'DateTime' }),
      to: t.arg({ type: 'DateTime' }),
      filter: t.arg({ type: ReportFilterInput, required: false }),
    },
    validate: z
      .looseObject({ from: z.date(), to: z.date() })
      .refine((a) => a.from < a.to, { message: '`from` must be before `to`', path: ['to'] })
      .refine((a) => a.to.getTime() - a.from.getTime() <= MAX_RANGE_MS, { message: 'the range is more than 10 years long', path: ['to'] }),
    resolve: async (_root, args, ctx) => {
      const scope = reportScope(ctx, args.filter);
      const report = await sumInvoicesByMonth(ctx.db, scope, { from: args.from, to: args.to });
      const unfiltered = scope.productId == null && scope.productTypeId == null;
      return { ...report, projectFor: scope.partnerId !== null && unfiltered ? { partnerId: scope.partnerId, now: ctx.clock.now() } : null };
    },
  }),
);
