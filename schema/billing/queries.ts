import { invoiceHistory } from '@leaseboard/domain/billing/invoice-history';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { readablePartnerId, tenantWhere } from '../tenancy.ts';
import { InvoiceStatusEnum } from './types.ts';

builder.queryField('invoices', (t) =>
  t.prismaConnection({
    type: 'Invoice',
    cursor: 'id',
    maxSize: 100,
    defaultSize: 25,
    description: 'Your invoices, newest month first (vendor staff: every partner’s).',
    authScopes: { scope: 'billing:read' },
    args: { status: t.arg({ type: InvoiceStatusEnum, required: false }) },
    totalCount: (_root, args, ctx) => ctx.db.invoice.count({ where: { ...tenantWhere(ctx), ...(args.status ? { status: args.status } : {}) } }),
    resolve: (query, _root, args, ctx) =>
      ctx.db.invoice.findMany({
        ...query,
        where: { ...tenantWhere(ctx), ...(args.status ? { status: args.status } : {}) },
        orderBy: [{ periodStart: 'desc' }, { id: 'desc' }],
      }),
  }),
);

builder.queryField('invoice', (t) =>
  t.prismaField({
    type: 'Invoice',
    nullable: true,
    description: 'One invoice by its number, e.g. INV-2025-000042.',
    authScopes: { scope: 'billing:read' },
    args: { number: t.arg.string({ validate: z.string().max(40) }) },
    resolve: (query, _root, args, ctx) => ctx.db.invoice.findFirst({ ...query, where: { number: args.number, ...tenantWhere(ctx) } }),
  }),
);

builder.queryField('paymentMethod', (t) =>
  t.prismaField({
    type: 'PaymentMethod',
    nullable: true,
    description: 'The card on file, or null.',
    authScopes: { scope: 'billing:read' },
    resolve: (query, _root, _args, ctx) => {
      const partnerId = readablePartnerId(ctx);
      if (partnerId === null) return null;
      return ctx.db.paymentMethod.findFirst({ ...query, where: { partnerId, removedAt: null }, orderBy: { id: 'desc' } });
    },
  }),
);

const InvoiceHistoryPoint = builder
  .objectRef<{ period: string; totalCents: number; status: 'DRAFT' | 'OPEN' | 'PAID' | 'PAST_DUE' | 'VOID' | null }>('InvoiceHistoryPoint')
  .implement({
    fields: (t) => ({
      period: t.exposeString('period'),
      totalCents: t.expose('totalCents', { type: 'Cents', description: '0 for a month without an invoice.' }),
      status: t.field({
        type: InvoiceStatusEnum,
        nullable: true,
        description: 'Null without an invoice, or for vendor staff (the sum over every partner).',
        resolve: (point) => point.status,
      }),
    }),
  });

builder.queryField('invoiceHistory', (t) =>
  t.field({
    type: [InvoiceHistoryPoint],
    description: 'Invoice totals of the last complete months, oldest first, one point per month: for charts.',
    authScopes: { scope: 'billing:read' },
    args: { months: t.arg.int({ defaultValue: 13, validate: z.number().int().min(1).max(60) }) },
    resolve: (_root, args, ctx) => invoiceHistory(ctx.db, readablePartnerId(ctx), ctx.clock.now(), args.months ?? 13),
  }),
);
