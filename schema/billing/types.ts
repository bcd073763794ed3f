import { GraphQLError } from 'graphql';
import type { LeaseModel } from '@leaseboard/db';
import { countInvoiceLeaseGroups, invoiceLeaseGroups, type InvoiceLeaseGroup } from '@leaseboard/domain/billing/invoice-lease-groups';
import { isoDay } from '@leaseboard/domain/billing/invoice-document';
import type { Context } from '../context.ts';
import { builder } from '../builder.ts';
import { LeaseRef } from '../leases/types.ts';
import { loaderFor } from '../loaders.ts';
import { tenantUnique, tenantWhere } from '../tenancy.ts';

export const InvoiceStatusEnum = builder.enumType('InvoiceStatus', {
  values: {
    DRAFT: { description: 'Generated, not yet issued: no number, may still change.' },
    OPEN: { description: 'Issued (numbered, never changes again) and not yet paid.' },
    PAID: {},
    PAST_DUE: { description: 'Every automatic charge failed; paid when the card on file is updated or by payInvoice.' },
    VOID: {},
  } as const,
});

const InvoiceLineKindEnum = builder.enumType('InvoiceLineKind', { values: ['PRODUCT', 'ADD_ON'] as const });
const PaymentAttemptStatusEnum = builder.enumType('PaymentAttemptStatus', { values: ['PENDING', 'SUCCEEDED', 'FAILED'] as const });

export const PaymentMethodRef = builder.prismaObject('PaymentMethod', {
  description: 'A card on file, tokenised by the gateway: only its brand, last four digits and expiry are kept.',
  fields: (t) => ({
    brand: t.exposeString('brand'),
    last4: t.exposeString('last4'),
    expMonth: t.exposeInt('expMonth'),
    expYear: t.exposeInt('expYear'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObject('PaymentAttempt', {
  description: 'One try at charging an invoice; charged under the idempotency key invoice:<id>:attempt:<n>.',
  fields: (t) => ({
    attemptNumber: t.exposeInt('attemptNumber'),
    status: t.expose('status', { type: PaymentAttemptStatusEnum }),
    amountCents: t.expose('amountCents', { type: 'Cents' }),
    trigger: t.exposeString('trigger', { description: 'finalize, retry, card-updated or manual.' }),
    declineCode: t.exposeString('declineCode', { nullable: true }),
    hardDecline: t.exposeBoolean('hardDecline', { description: 'The card cannot be charged again: no automatic retry.' }),
    card: t.relation('paymentMethod', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const InvoiceLineRef = builder.prismaObject('InvoiceLine', {
  description: "One component's days at one SKU and monthly price: amount = floor((2·price·days + divisor) / (2·divisor)).",
  fields: (t) => ({
    kind: t.expose('kind', { type: InvoiceLineKindEnum }),
    leaseNumber: t.exposeInt('leaseId', { nullable: true, description: 'Null when the lease was deleted after billing.' }),
    customerEmail: t.exposeString('customerEmail'),
    description: t.exposeString('description'),
    sku: t.exposeString('sku'),
    priceCents: t.expose('priceCents', { type: 'Cents', description: 'The monthly price billed.' }),
    days: t.exposeInt('days'),
    divisor: t.exposeInt('divisor'),
    fromDate: t.field({ type: 'Date', resolve: (line) => isoDay(line.fromDate) }),
    toDate: t.field({ type: 'Date', description: 'Inclusive.', resolve: (line) => isoDay(line.toDate) }),
    amountCents: t.expose('amountCents', { type: 'Cents' }),
  }),
});

const InvoiceLeaseGroupRef = builder.objectRef<InvoiceLeaseGroup>('InvoiceLease').implement({
  description: "An invoice's lines of one lease.",
  fields: (t) => ({
    lease: t.field({
      type: LeaseRef,
      nullable: true,
      description: 'Null when the lease was deleted, or without the leases:read permission.',
      authScopes: { scope: 'leases:read' },
      unauthorizedResolver: () => null,
      resolve: (group, _args, ctx) => (group.leaseId === null ? null : leaseLoader(ctx).load(group.leaseId)),
    }),
    leaseNumber: t.int({ nullable: true, resolve: (group) => group.leaseId }),
    customerEmail: t.string({ resolve: (group) => group.customerEmail }),
    lines: t.field({ type: [InvoiceLineRef], description: "All of the lease's lines on the invoice (one per component and price: a handful).", resolve: (group) => group.lines }),
    subtotalCents: t.field({ type: 'Cents', resolve: (group) => group.lines.reduce((sum, line) => sum + line.amountCents, 0) }),
  }),
});

function leaseLoader(ctx: Context) {
  return loaderFor<number, LeaseModel>(ctx, 'invoiceLease', async (ids) => {
    const leases = await ctx.db.lease.findMany({ where: { id: { in: [...ids] }, ...tenantWhere(ctx) } });
    return new Map(leases.map((lease) => [lease.id, lease]));
  });
}

export const InvoiceRef = builder.prismaNode('Invoice', {
  id: { field: 'id' },
  description: "A partner's invoice for one UTC month.",
  findUnique: (id, ctx) => tenantUnique(id, ctx),
  authScopes: { scope: 'billing:read' },
  fields: (t) => ({
    number: t.exposeString('number', { nullable: true, description: 'INV-YYYY-NNNNNN, from finalisation on.' }),
    period: t.exposeString('period', { description: 'YYYY-MM, the UTC month billed.' }),
    periodStart: t.expose('periodStart', { type: 'DateTime' }),
    periodEnd: t.expose('periodEnd', { type: 'DateTime', description: 'Exclusive.' }),
    status: t.expose('status', { type: InvoiceStatusEnum }),
    currency: t.exposeString('currency'),
    subtotalCents: t.expose('subtotalCents', { type: 'Cents' }),
    totalCents: t.expose('totalCents', { type: 'Cents' }),
    finalizedAt: t.expose('finalizedAt', { type: 'DateTime', nullable: true }),
    paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true }),
    nextRetryAt: t.expose('nextRetryAt', { type: 'DateTime', nullable: true, description: 'When the card is charged again.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    partner: t.relation('partner', { description: 'The partner billed.' }),
    lines: t.relatedConnection('lines', { cursor: 'id', query: { orderBy: { id: 'asc' } }, totalCount: true, defaultSize: 25, maxSize: 100, description: 'The lines in invoice order, a page at a time.' }),
    leases: t.connection(
      {
        type: InvoiceLeaseGroupRef,
        description: 'The lines grouped by lease, in invoice order, with a subtotal per lease; a page of leases at a time.',
        resolve: (invoice, args, ctx) => leaseGroupPage(ctx, invoice.id, args),
      },
      {
        name: 'InvoiceLeaseConnection',
        fields: (t) => ({ totalCount: t.int({ resolve: (connection, _args, ctx) => countInvoiceLeaseGroups(ctx.db, (connection as unknown as { invoiceId: number }).invoiceId) }) }),
      },
    ),
    paymentAttempts: t.relation('attempts', { query: { orderBy: { attemptNumber: 'asc' } } }),
    pdfUrl: t.string({
      description: 'The PDF, rendered from the stored invoice; same sign-in or API key as the API.',
      resolve: (invoice, _args, ctx) => `${ctx.config.publicUrl}/invoices/${invoice.id}.pdf`,
    }),
  }),
});

/** One page of an invoice's lease groups as a connection; the cursor is a group's first line ID. */
async function leaseGroupPage(ctx: Context, invoiceId: number, args: { first?: number | null; last?: number | null; after?: string | null; before?: string | null }) {
  const inverted = args.last != null && args.first == null;
  const size = Math.min(Math.max((inverted ? args.last : args.first) ?? 25, 0), 100);
  const found = await invoiceLeaseGroups(ctx.db, invoiceId, { limit: size + 1, inverted, afterLineId: lineCursor(args.after), beforeLineId: lineCursor(args.before) });
  const more = found.length > size;
  const groups = found.slice(0, size);
  if (inverted) groups.reverse();
  const edges = groups.map((node) => ({ cursor: String(node.firstLineId), node }));
  return {
    invoiceId,
    edges,
    pageInfo: {
      hasNextPage: inverted ? args.before != null : more,
      hasPreviousPage: inverted ? more : args.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function lineCursor(cursor: string | null | undefined): number | undefined {
  if (cursor == null) return undefined;
  if (!/^\d{1,10}$/.test(cursor) || Number(cursor) > 2_147_483_647) throw new GraphQLError('leases: the cursor is not valid.', { extensions: { code: 'BAD_USER_INPUT' } });
  return Number(cursor);
}
