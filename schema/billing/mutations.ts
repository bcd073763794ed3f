import { BILLING_ERROR_CODES } from '@leaseboard/domain/billing/billing-errors';
import type { BillingDeps } from '@leaseboard/domain/billing/billing-deps';
import { emailInvoice } from '@leaseboard/domain/billing/email-invoice';
import { payInvoice } from '@leaseboard/domain/billing/pay-invoice';
import { type BillingRunSummary, runBilling } from '@leaseboard/domain/billing/run-billing';
import { gatewayOf } from '@leaseboard/domain/billing/sandbox-store';
import { setPaymentMethod } from '@leaseboard/domain/billing/set-payment-method';
import type { Context } from '../context.ts';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { payloadType } from '../payload.ts';
import { defineMutation } from '../mutation.ts';
import { userErrorType } from '../user-errors.ts';
import { InvoiceRef, PaymentMethodRef } from './types.ts';

const BillingUserError = userErrorType('Billing', BILLING_ERROR_CODES);

const CardInput = builder.inputType('CardInput', {
  description: 'A card, sent once to the gateway to be tokenised; the number and CVC are never stored or returned.',
  fields: (t) => ({
    number: t.string({ validate: z.string().min(1).max(40), description: 'Spaces and dashes between digits are allowed.' }),
    expMonth: t.int({ description: '1 to 12.' }),
    expYear: t.int({ description: 'Four digits (or two, read as 20YY).' }),
    cvc: t.string({ validate: z.string().min(1).max(8) }),
    holderName: t.string({ required: false, validate: z.string().max(200) }),
  }),
});

function billingDeps(ctx: Context): BillingDeps {
  return { db: ctx.db, clock: ctx.clock, gateway: gatewayOf(ctx), logger: ctx.logger };
}

const SetPaymentMethodPayload = payloadType('SetPaymentMethodPayload', 'paymentMethod', PaymentMethodRef, BillingUserError);

defineMutation('setPaymentMethod', {
  description: 'Puts a card on file (replacing the previous one) and charges every unpaid invoice with it at once.',
  access: { scope: 'billing:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: CardInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => setPaymentMethod(billingDeps(ctx), partnerId, meta, input),
  payload: SetPaymentMethodPayload,
  load: (value, ctx) => ctx.db.paymentMethod.findUniqueOrThrow({ where: { id: value.paymentMethodId } }),
});

const InvoicePayload = payloadType('InvoicePayload', 'invoice', InvoiceRef, BillingUserError);

const PayInvoiceInput = builder.inputType('PayInvoiceInput', {
  fields: (t) => ({
    invoiceId: t.globalID({ for: [InvoiceRef] }),
    card: t.field({ type: CardInput, required: false, description: 'Pay with this card, once, instead of the card on file.' }),
  }),
});

const loadInvoice = (value: { invoiceId: number }, ctx: Context) => ctx.db.invoice.findUniqueOrThrow({ where: { id: value.invoiceId } });

defineMutation('payInvoice', {
  description: 'Charges an open or past-due invoice now; a decline is refused with CARD_DECLINED.',
  access: { scope: 'billing:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: PayInvoiceInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    payInvoice(billingDeps(ctx), partnerId, meta, { invoiceId: Number(input.invoiceId.id), card: input.card ?? null }),
  payload: InvoicePayload,
  load: loadInvoice,
});

const EmailInvoiceInput = builder.inputType('EmailInvoiceInput', {
  fields: (t) => ({
    invoiceId: t.globalID({ for: [InvoiceRef] }),
    to: t.stringList({ validate: z.array(z.email({ error: 'must be an email address' }).max(320)).min(1).max(10) }),
  }),
});

defineMutation('emailInvoice', {
  description: 'Queues a mail with the invoice PDF attached; the PDF is rendered from the stored invoice when sent.',
  access: { scope: 'billing:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: EmailInvoiceInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => emailInvoice(ctx.db, partnerId, meta, { invoiceId: Number(input.invoiceId.id), to: input.to }),
  payload: InvoicePayload,
  load: loadInvoice,
});

const ChargeCounts = builder.objectRef<BillingRunSummary['charges']>('BillingRunCharges').implement({
  description: 'What the auto-pay of this run did.',
  fields: (t) => ({
    paid: t.int({ resolve: (c) => c.PAID ?? 0 }),
    declined: t.int({ resolve: (c) => c.DECLINED ?? 0 }),
    noCard: t.int({ resolve: (c) => c.NO_CARD ?? 0 }),
    inProgress: t.int({ resolve: (c) => c.IN_PROGRESS ?? 0, description: 'Being charged by another process.' }),
    gatewayErrors: t.int({ resolve: (c) => c.GATEWAY_ERROR ?? 0 }),
  }),
});

const BillingRunSummaryRef = builder.objectRef<BillingRunSummary>('BillingRunSummary').implement({
  fields: (t) => ({
    period: t.exposeString('period'),
    partners: t.exposeInt('partners', { description: 'Partners with a lease active during the period.' }),
    invoicesCreated: t.exposeInt('invoicesCreated'),
    invoicesExisting: t.exposeInt('invoicesExisting', { description: 'Already there from an earlier run.' }),
    invoicesFinalized: t.exposeInt('invoicesFinalized'),
    invoices: t.exposeInt('invoices', { description: 'Invoices of the period in total.' }),
    totalCents: t.expose('totalCents', { type: 'Cents' }),
    charges: t.field({ type: ChargeCounts, resolve: (s) => s.charges }),
    durationMs: t.exposeInt('durationMs'),
  }),
});

const RunBillingPayload = payloadType('RunBillingPayload', 'summary', BillingRunSummaryRef, BillingUserError);

const RunBillingInput = builder.inputType('RunBillingInput', {
  fields: (t) => ({ period: t.string({ description: 'YYYY-MM', validate: z.string().max(7) }) }),
});

defineMutation('runBilling', {
  description: 'Bills a past month now: invoices, numbers, auto-pay. Safe to repeat. Vendor staff only.',
  access: { scope: 'billing:run' },
  partner: 'none',
  args: (arg) => ({ input: arg({ type: RunBillingInput }) }),
  run: ({ ctx, args: { input } }) => runBilling(billingDeps(ctx), { period: input.period }),
  payload: RunBillingPayload,
  load: (summary) => summary,
});
