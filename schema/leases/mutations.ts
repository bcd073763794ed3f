import { LEASE_ERROR_CODES } from '@leaseboard/domain/leases/lease-errors';
import { modifyLease } from '@leaseboard/domain/leases/modify-lease';
import { startLease } from '@leaseboard/domain/leases/start-lease';
import { stopLease } from '@leaseboard/domain/leases/stop-lease';
import type { Result } from '@leaseboard/domain/result';
import type { Context } from '../context.ts';
import { z } from 'zod';
import { kickOutbox } from '@leaseboard/domain/jobs/outbox-jobs';
import { builder } from '../builder.ts';
import { payloadType } from '../payload.ts';
import { requestMeta, writablePartnerId } from '../tenancy.ts';
import { userErrorType } from '../user-errors.ts';
import { AddOnRef, ProductRef } from '../catalog/types.ts';
import { LeaseRef } from './types.ts';

const LeaseUserError = userErrorType('Lease', LEASE_ERROR_CODES);
const LeasePayload = payloadType('LeasePayload', 'lease', LeaseRef, LeaseUserError);

const idempotencyKey = () =>
  ({
    required: false,
    description: 'Retrying with the same key and input returns the first result instead of acting twice.',
    validate: z.string().min(1).max(200),
  }) as const;

const email = z.email({ error: 'must be an email address' }).max(320);

const CustomerInput = builder.inputType('LeaseCustomerInput', {
  fields: (t) => ({
    email: t.string({ validate: email, description: 'An existing customer of yours with this email is reused.' }),
    name: t.string({ required: false, validate: z.string().max(200) }),
    company: t.string({ required: false, validate: z.string().max(200) }),
  }),
});

const StartLeaseInput = builder.inputType('StartLeaseInput', {
  fields: (t) => ({
    productId: t.globalID({ for: [ProductRef] }),
    addOnIds: t.globalIDList({ for: [AddOnRef], required: false }),
    customer: t.field({ type: CustomerInput }),
    externalRef: t.string({ required: false, validate: z.string().max(200), description: "Your own reference, e.g. the cart's order ID." }),
    sendKeyTo: t.string({ required: false, validate: email, description: "Where the license key is emailed; the customer's email by default." }),
    idempotencyKey: t.string(idempotencyKey()),
  }),
});

const ModifyLeaseInput = builder.inputType('ModifyLeaseInput', {
  fields: (t) => ({
    leaseId: t.globalID({ for: [LeaseRef] }),
    productId: t.globalID({ for: [ProductRef], required: false, description: 'Another product of the same type: edition or tier up or down.' }),
    addAddOnIds: t.globalIDList({ for: [AddOnRef], required: false }),
    removeAddOnIds: t.globalIDList({ for: [AddOnRef], required: false }),
    expectedVersion: t.int({ required: false, description: 'Refuse with VERSION_CONFLICT if the lease changed since you read it.' }),
    idempotencyKey: t.string(idempotencyKey()),
  }),
});

const StopLeaseInput = builder.inputType('StopLeaseInput', {
  fields: (t) => ({
    leaseId: t.globalID({ for: [LeaseRef] }),
    expectedVersion: t.int({ required: false }),
    idempotencyKey: t.string(idempotencyKey()),
  }),
});

async function toPayload(ctx: Context, result: Result<{ leaseId: number }, string>) {
  if (!result.ok) return { lease: null, userErrors: result.errors as never };
  return { lease: await ctx.db.lease.findUniqueOrThrow({ where: { id: result.value.leaseId } }), userErrors: [] };
}

const ids = (list: { id: string }[] | null | undefined) => (list ?? []).map((g) => Number(g.id));

builder.mutationField('startLease', (t) =>
  t.field({
    type: LeasePayload,
    description: 'Starts a lease and emails the new license key.',
    authScopes: { scope: 'leases:write' },
    args: { input: t.arg({ type: StartLeaseInput }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await startLease(ctx.db, writablePartnerId(ctx)!, requestMeta(ctx), {
        productId: Number(input.productId.id),
        addOnIds: ids(input.addOnIds),
        customer: input.customer,
        externalRef: input.externalRef ?? null,
        sendKeyTo: input.sendKeyTo ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
      });
      if (result.ok) await kickOutbox(ctx.jobs);
      return toPayload(ctx, result);
    },
  }),
);

builder.mutationField('modifyLease', (t) =>
  t.field({
    type: LeasePayload,
    description: 'Changes edition or tier and adds or removes add-ons, from now on.',
    authScopes: { scope: 'leases:write' },
    args: { input: t.arg({ type: ModifyLeaseInput }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await modifyLease(ctx.db, writablePartnerId(ctx)!, requestMeta(ctx), {
        leaseId: Number(input.leaseId.id),
        productId: input.productId ? Number(input.productId.id) : null,
        addAddOnIds: ids(input.addAddOnIds),
        removeAddOnIds: ids(input.removeAddOnIds),
        expectedVersion: input.expectedVersion ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
      });
      return toPayload(ctx, result);
    },
  }),
);

builder.mutationField('stopLease', (t) =>
  t.field({
    type: LeasePayload,
    description: 'Stops the lease now; charges end at this instant.',
    authScopes: { scope: 'leases:write' },
    args: { input: t.arg({ type: StopLeaseInput }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await stopLease(ctx.db, writablePartnerId(ctx)!, requestMeta(ctx), {
        leaseId: Number(input.leaseId.id),
        expectedVersion: input.expectedVersion ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
      });
      return toPayload(ctx, result);
    },
  }),
);
