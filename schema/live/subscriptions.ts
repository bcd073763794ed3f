import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Scope } from '@leaseboard/domain/auth/scopes';
import type { LiveMessage } from '@leaseboard/domain/live/live-message';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { InvoiceRef } from '../billing/types.ts';
import { LeaseRef } from '../leases/types.ts';
import { readablePartnerId, tenantWhere } from '../tenancy.ts';
import { pushIterator } from './push-iterator.ts';

/** Which scope a viewer needs to hear of each kind of change: the scope that reads the changed object. */
const SCOPE_OF: Record<string, Scope> = {
  lease: 'leases:read',
  license: 'leases:read',
  invoice: 'billing:read',
  customer: 'customers:read',
  export: 'customers:export',
};

export function mayHear(ctx: Context, message: LiveMessage): boolean {
  const scope = SCOPE_OF[message.type.split('.')[0]!];
  return scope !== undefined && ctx.viewer.scopes.has(scope);
}

const LiveUpdateRef = builder.objectRef<LiveMessage>('LiveUpdate').implement({
  description: 'A change in your account, as it commits. Refetch what you show, or read the changed object here.',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'The webhook event type: lease.started, lease.modified, lease.stopped, license.activated, invoice.paid, …' }),
    eventId: t.exposeString('eventId', { nullable: true, description: "The webhook event's id." }),
    leaseNumber: t.exposeInt('leaseId', { nullable: true, description: 'The lease changed (lease and license events), without reading it: pages showing it refetch.' }),
    invoiceId: t.id({
      nullable: true,
      description: "The invoice changed (invoice events): its node ID, without reading it.",
      resolve: (message) => (message.invoiceId ? encodeGlobalID('Invoice', message.invoiceId) : null),
    }),
    lease: t.field({
      type: LeaseRef,
      nullable: true,
      resolve: (message, _args, ctx) => (message.leaseId ? ctx.db.lease.findFirst({ where: { id: message.leaseId, ...tenantWhere(ctx) } }) : null),
    }),
    invoice: t.field({
      type: InvoiceRef,
      nullable: true,
      resolve: (message, _args, ctx) => (message.invoiceId ? ctx.db.invoice.findFirst({ where: { id: message.invoiceId, ...tenantWhere(ctx) } }) : null),
    }),
  }),
});

builder.subscriptionField('liveUpdates', (t) =>
  t.field({
    type: LiveUpdateRef,
    description:
      "Changes to your partner's leases, licenses, invoices and customers as they commit, on any API process (Server-Sent Events: POST /graphql with Accept: text/event-stream). You hear only of what your scopes let you read.",
    authScopes: { partnerMember: true, vendor: true },
    subscribe: (_root, _args, ctx) => {
      const live = ctx.live;
      if (!live) return (async function* none() {})();
      return pushIterator<LiveMessage>((push) =>
        live.subscribe(readablePartnerId(ctx), (message) => {
          if (mayHear(ctx, message)) push(message);
        }),
      );
    },
    resolve: (message: LiveMessage) => message,
  }),
);
