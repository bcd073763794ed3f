import { completeValue } from '@pothos/core';
import { currentPriceBook } from '@leaseboard/domain/catalog/price-book';
import { leaseMonthlyPrice } from '@leaseboard/domain/leases/lease-monthly-prices';
import { formatLicenseKey } from '@leaseboard/domain/licenses/license-key.rules';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { allOf, fromCatalog } from '@leaseboard/domain/catalog/catalog-book';
import { AddOnRef, ProductRef } from '../catalog/types.ts';
import { CustomerRef } from '../customers/types.ts';
import { customerOf } from '../customers/customer-by-id.ts';
import { PartnerRef, partnerOf } from '../accounts/partner.ts';
import { tenantUnique } from '../tenancy.ts';

export const LeaseStatusEnum = builder.enumType('LeaseStatus', { values: ['ACTIVE', 'STOPPED'] as const });
const LeaseActionEnum = builder.enumType('LeaseAction', { values: ['STARTED', 'MODIFIED', 'STOPPED'] as const });

export const LeaseRef = builder.prismaNode('Lease', {
  id: { field: 'id' },
  findUnique: (id, ctx) => tenantUnique(id, ctx),
  authScopes: { scope: 'leases:read' },
  fields: (t) => ({
    leaseNumber: t.exposeInt('id', { description: 'The lease ID partners see and search by.' }),
    licenseKey: t.string({ description: 'Display form, e.g. SM-JNP2R-KFRY6-NBSDX-W4SQX.', resolve: (l) => formatLicenseKey(l.licenseKey) }),
    status: t.expose('status', { type: LeaseStatusEnum }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    stoppedAt: t.expose('stoppedAt', { type: 'DateTime', nullable: true }),
    externalRef: t.exposeString('externalRef', { nullable: true, description: "The partner's own reference, e.g. the cart's order ID." }),
    sendKeyTo: t.exposeString('sendKeyTo'),
    machineName: t.exposeString('serverName', { nullable: true, description: 'The server the key is active on.' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', nullable: true }),
    version: t.exposeInt('version', { description: 'Increases with every change; pass it as expectedVersion to modify or stop safely.' }),
    product: t.field({ type: ProductRef, resolve: (lease, _args, ctx) => fromCatalog(ctx.db, (c) => c.products.get(lease.productId)) }),
    customer: t.field({ type: CustomerRef, resolve: (lease, _args, ctx) => customerOf(ctx, lease.customerId) }),
    partner: t.field({
      type: PartnerRef,
      description: 'The partner that leases it (vendor staff tell partners apart by it).',
      resolve: (lease, _args, ctx) => partnerOf(ctx, lease.partnerId),
    }),
    addOns: t.field({ type: [AddOnRef], resolve: (lease, _args, ctx) => fromCatalog(ctx.db, (c) => allOf(c.addOns, lease.addOnIds)) }),
    history: t.relation('history', { query: { orderBy: { version: 'asc' } } }),
    activations: t.relation('activations', { query: { orderBy: { firstSeenAt: 'desc' } } }),
    monthlyPriceCents: t.field({
      type: 'Cents',
      description: 'What a full month of this configuration costs at the prices in force now, in cents.',
      resolve: (lease, _args, ctx) =>
        completeValue(fromCatalog(ctx.db, (c) => c.products.get(lease.productId)), ({ tierRank }) =>
          completeValue(currentPriceBook(ctx.db), (book) => leaseMonthlyPrice(book, { productId: lease.productId, tierRank, addOnIds: lease.addOnIds }, ctx.clock.now())),
        ),
    }),
  }),
});

builder.prismaObject('LeaseHistory', {
  description: 'One configuration change, effective at the moment it was made.',
  fields: (t) => ({
    version: t.exposeInt('version'),
    action: t.expose('action', { type: LeaseActionEnum }),
    effectiveAt: t.expose('effectiveAt', { type: 'DateTime' }),
    actor: t.exposeString('actorLabel', { description: 'Who did it: a login email or an API key prefix.' }),
    fromProduct: t.relation('fromProduct', { nullable: true }),
    toProduct: t.relation('toProduct', { nullable: true }),
    fromAddOnIds: t.field({ type: ['ID'], resolve: (h) => h.fromAddOnIds.map((id) => encodeGlobalID('AddOn', id)) }),
    toAddOnIds: t.field({ type: ['ID'], resolve: (h) => h.toAddOnIds.map((id) => encodeGlobalID('AddOn', id)) }),
  }),
});

builder.prismaObject('Activation', {
  fields: (t) => ({
    serverName: t.exposeString('serverName'),
    ip: t.exposeString('ip', { nullable: true }),
    fingerprint: t.exposeString('fingerprint', { nullable: true }),
    firstSeenAt: t.expose('firstSeenAt', { type: 'DateTime' }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime' }),
    supersededAt: t.expose('supersededAt', { type: 'DateTime', nullable: true, description: 'When the key moved to another server.' }),
    flaggedAt: t.expose('flaggedAt', { type: 'DateTime', nullable: true, description: 'Still in use after the 30-day overlap ran out.' }),
    deactivatedAt: t.expose('deactivatedAt', { type: 'DateTime', nullable: true }),
  }),
});
