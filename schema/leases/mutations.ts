import { LEASE_ERROR_CODES } from '@leaseboard/domain/leases/lease-errors';
import { modifyLease } from '@leaseboard/domain/leases/modify-lease';
import { startLease } from '@leaseboard/domain/leases/start-lease';
import { stopLease } from '@leaseboard/domain/leases/stop-lease';
import type { Context } from '../context.ts';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { payloadType } from '../payload.ts';
import { defineMutation } from '../mutation.ts';
import { userErrorType } from '../user-errors.ts';
import { AddOnRef, ProductRef } from '../catalog/types.ts';
import { LeaseRef } from './types.ts';

export const LeaseUserError = userErrorType('Lease', LEASE_ERROR_CODES);
const LeasePayload = payloadType('LeasePayload', 'lease', LeaseRef, LeaseUserError);

export const idempotencyKey = () =>
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

const ids = (list: { id: string }[] | null | undefined) => (list ?? []).map((g) => Number(g.id));
const loadLease = (value: { leaseId: number }, ctx: Context) => ctx.db.lease.findUniqueOrThrow({ where: { id: value.leaseId } });

defineMutation('startLease', {
  description: 'Starts a lease and emails the new license key.',
  access: { scope: 'leases:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: StartLeaseInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    startLease(ctx.db, partnerId, meta, {
      productId: Number(input.productId.id),
      addOnIds: ids(input.addOnIds),
      customer: input.customer,
      externalRef: input.externalRef ?? null,
      sendKeyTo: input.sendKeyTo ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    }),
  payload: LeasePayload,
  load: loadLease,
});

defineMutation('modifyLease', {
  description: 'Changes edition or tier and adds or removes add-ons, from now on.',
  access: { scope: 'leases:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: ModifyLeaseInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    modifyLease(ctx.db, partnerId, meta, {
      leaseId: Number(input.leaseId.id),
      productId: input.productId ? Number(input.productId.id) : null,
      addAddOnIds: ids(input.addAddOnIds),
      removeAddOnIds: ids(input.removeAddOnIds),
      expectedVersion: input.expectedVersion ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    }),
  payload: LeasePayload,
  load: loadLease,
});

defineMutation('stopLease', {
  description: 'Stops the lease now; charges end at this instant.',
  access: { scope: 'leases:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: StopLeaseInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    stopLease(ctx.db, partnerId, meta, {
      leaseId: Number(input.leaseId.id),
      expectedVersion: input.expectedVersion ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    }),
  payload: LeasePayload,
  load: loadLease,
});
