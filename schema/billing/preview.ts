import { billingPreview, type LeasePreview, type PartnerPreview } from '@leaseboard/domain/billing/billing-preview';
import { viewerPartnerId } from '@leaseboard/domain/auth/viewer';
import { builder } from '../builder.ts';

const LeaseBillingPreview = builder.objectRef<LeasePreview>('LeaseBillingPreview').implement({
  fields: (t) => ({
    leaseNumber: t.exposeInt('leaseId'),
    customerEmail: t.exposeString('customerEmail'),
    monthToDateCents: t.expose('monthToDateCents', { type: 'Cents' }),
    projectedCents: t.expose('projectedCents', { type: 'Cents' }),
  }),
});

const BillingPreview = builder.objectRef<PartnerPreview>('BillingPreview').implement({
  description: 'The current month before its invoice exists, priced by the same engine as the invoice.',
  fields: (t) => ({
    period: t.exposeString('period'),
    asOf: t.expose('asOf', { type: 'DateTime' }),
    monthToDateCents: t.expose('monthToDateCents', { type: 'Cents', description: 'What the month costs if every lease stopped now.' }),
    projectedCents: t.expose('projectedCents', { type: 'Cents', description: 'What the month will cost at its end as things stand.' }),
    leases: t.field({ type: [LeaseBillingPreview], resolve: (preview) => preview.leases }),
  }),
});

builder.queryField('billingPreview', (t) =>
  t.field({
    type: BillingPreview,
    nullable: true,
    description: 'Month-to-date and projected month-end charges of the current UTC month. Null for vendor staff.',
    authScopes: { scope: 'billing:read' },
    resolve: (_root, _args, ctx) => {
      const partnerId = viewerPartnerId(ctx.viewer);
      return partnerId === null ? null : billingPreview(ctx.db, partnerId, ctx.clock.now());
    },
  }),
);
