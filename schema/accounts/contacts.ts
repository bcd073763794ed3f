import { viewerPartnerId } from '@leaseboard/domain/auth/viewer';
import { addContact } from '@leaseboard/domain/accounts/add-contact';
import { removeContact } from '@leaseboard/domain/accounts/remove-contact';
import { updateContact } from '@leaseboard/domain/accounts/update-contact';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { emailShape, idempotencyKeyField } from '../input-fields.ts';
import type { AccountErrorCode } from '@leaseboard/domain/accounts/account-errors';
import type { DomainError } from '@leaseboard/domain/result';
import type { Context } from '../context.ts';
import { defineMutation } from '../mutation.ts';
import { multiFieldPayload, payloadType } from '../payload.ts';
import { tenantUnique } from '../tenancy.ts';
import { AccountUserError } from './account-errors.ts';

const ContactKindEnum = builder.enumType('ContactKind', { values: ['GENERAL', 'BILLING', 'TECHNICAL'] as const });

export const ContactRef = builder.prismaNode('Contact', {
  id: { field: 'id' },
  description: 'A person at the partner the vendor may write to, without a login.',
  findUnique: (id, ctx) => tenantUnique(id, ctx),
  authScopes: { scope: 'account:read' },
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    phone: t.exposeString('phone', { nullable: true }),
    title: t.exposeString('title', { nullable: true }),
    kind: t.expose('kind', { type: ContactKindEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('contacts', (t) =>
  t.prismaField({
    type: ['Contact'],
    description: "Your partner's extra contacts, oldest first.",
    authScopes: { scope: 'account:read' },
    resolve: (query, _root, _args, ctx) => {
      const partnerId = viewerPartnerId(ctx.viewer);
      return partnerId === null ? [] : ctx.db.contact.findMany({ ...query, where: { partnerId }, orderBy: { id: 'asc' } });
    },
  }),
);

const ContactPayload = payloadType('ContactPayload', 'contact', ContactRef, AccountUserError);
const loadContact = (value: { contactId: number }, ctx: Context) => ctx.db.contact.findUniqueOrThrow({ where: { id: value.contactId } });

const AddContactInput = builder.inputType('AddContactInput', {
  fields: (t) => ({
    name: t.string({ validate: z.string().max(200) }),
    email: t.string({ validate: emailShape }),
    phone: t.string({ required: false, validate: z.string().max(50) }),
    title: t.string({ required: false, validate: z.string().max(200) }),
    kind: t.field({ type: ContactKindEnum, required: false, description: 'GENERAL when left out.' }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

defineMutation('addContact', {
  description: 'Adds an extra contact to your partner account.',
  access: { scope: 'account:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: AddContactInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => addContact(ctx.db, partnerId, meta, input),
  payload: ContactPayload,
  load: loadContact,
});

const UpdateContactInput = builder.inputType('UpdateContactInput', {
  description: 'Fields left out stay as they are; null clears phone or title.',
  fields: (t) => ({
    contactId: t.globalID({ for: [ContactRef] }),
    name: t.string({ required: false, validate: z.string().max(200) }),
    email: t.string({ required: false, validate: emailShape }),
    phone: t.string({ required: false, validate: z.string().max(50) }),
    title: t.string({ required: false, validate: z.string().max(200) }),
    kind: t.field({ type: ContactKindEnum, required: false }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

defineMutation('updateContact', {
  description: 'Changes an extra contact; fields left out stay as they are.',
  access: { scope: 'account:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: UpdateContactInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => updateContact(ctx.db, partnerId, meta, { ...input, contactId: Number(input.contactId.id) }),
  payload: ContactPayload,
  load: loadContact,
});

const RemoveContactInput = builder.inputType('RemoveContactInput', {
  fields: (t) => ({
    contactId: t.globalID({ for: [ContactRef] }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

const RemoveContactPayload = multiFieldPayload<{ removedContactId: string }, AccountErrorCode>(
  builder.objectRef<{ removedContactId: string | null; userErrors: DomainError<AccountErrorCode>[] }>('RemoveContactPayload').implement({
    fields: (t) => ({
      removedContactId: t.exposeID('removedContactId', { nullable: true }),
      userErrors: t.field({ type: [AccountUserError], resolve: (p) => p.userErrors }),
    }),
  }),
  ['removedContactId'],
);

defineMutation('removeContact', {
  description: 'Removes an extra contact.',
  access: { scope: 'account:write' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: RemoveContactInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    removeContact(ctx.db, partnerId, meta, { contactId: Number(input.contactId.id), idempotencyKey: input.idempotencyKey }),
  payload: RemoveContactPayload,
  load: (value) => ({ removedContactId: encodeGlobalID('Contact', value.contactId) }),
});
