import { type Reconciliation, type ReconciliationFinding, type ReconciliationKind, reconcilePeriod } from '@leaseboard/domain/billing/reconcile-period';
import { gatewayOf } from '@leaseboard/domain/billing/sandbox-store';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { requestMeta } from '../tenancy.ts';

const KINDS = [
  'CHARGED_BUT_PENDING', 'DECLINED_BUT_PENDING', 'SUCCEEDED_ON_UNPAID', 'PENDING_NOT_CHARGED', 'CHARGED_BUT_FAILED',
  'SUCCEEDED_WITHOUT_CHARGE', 'PAID_WITHOUT_CHARGE', 'AMOUNT_MISMATCH', 'CHARGED_TWICE',
] as const satisfies readonly ReconciliationKind[];

const ReconciliationKindEnum = builder.enumType('ReconciliationKind', {
  description: 'A disagreement between an invoice and the gateway (docs/billing.md, Reconciliation).',
  values: KINDS,
});

const FindingRef = builder.objectRef<ReconciliationFinding>('ReconciliationFinding').implement({
  fields: (t) => ({
    kind: t.field({ type: ReconciliationKindEnum, resolve: (f) => f.kind }),
    invoiceNumber: t.exposeString('invoiceNumber', { nullable: true }),
    partnerId: t.exposeInt('partnerId'),
    attemptNumber: t.exposeInt('attemptNumber', { nullable: true }),
    invoiceCents: t.expose('invoiceCents', { type: 'Cents' }),
    gatewayCents: t.expose('gatewayCents', { type: 'Cents', nullable: true, description: 'What the gateway recorded under the attempt’s key.' }),
    repairable: t.exposeBoolean('repairable', { description: 'Proven: `pnpm billing:reconcile` repairs it.' }),
  }),
});

const ReconciliationRef = builder.objectRef<Reconciliation>('BillingReconciliation').implement({
  fields: (t) => ({
    period: t.exposeString('period'),
    invoices: t.exposeInt('invoices', { description: 'Finalised invoices of the period.' }),
    charges: t.exposeInt('charges', { description: 'Charges the gateway recorded under their attempts’ keys.' }),
    findings: t.field({ type: [FindingRef], resolve: (r) => r.findings }),
    repairable: t.int({ resolve: (r) => r.findings.filter((f) => f.repairable).length }),
    reported: t.exposeInt('reported', { description: 'Findings left for a person.' }),
  }),
});

builder.queryField('billingReconciliation', (t) =>
  t.field({
    type: ReconciliationRef,
    description: 'Every disagreement between a period’s invoices and the gateway’s charges. Read-only: `pnpm billing:reconcile` repairs. Vendor staff only.',
    authScopes: { scope: 'billing:run' },
    args: { period: t.arg.string({ description: 'YYYY-MM', validate: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'The period must be a month, YYYY-MM.') }) },
    resolve: async (_root, args, ctx) => {
      const deps = { db: ctx.db, clock: ctx.clock, gateway: gatewayOf(ctx), logger: ctx.logger };
      const result = await reconcilePeriod(deps, args.period, { repair: false, meta: requestMeta(ctx) });
      if (!result.ok) throw new Error(`reconcilePeriod refused a validated period: ${result.errors[0]!.code}`);
      return result.value;
    },
  }),
);
