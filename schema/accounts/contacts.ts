import { viewerPartnerId } from '@leaseboard/domain/auth/viewer';
import { addContact } from '@leaseboard/domain/accounts/add-contact';
import { removeContact } from '@leaseboard/domain/accounts/remove-contact';
import { updateContact } from '@leaseboard/domain/accounts/update-contact';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { emailShape, idempotencyKeyField } from '../input-fields.ts';
import { payloadType } from '../payload.ts';
import { requestMeta, tenantUnique } from '../tenancy.ts';
import { accountPartner, accountPayload, AccountUserError } from './account-errors.ts';

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

builder.mutationField('addContact', (t) =>
  t.field({
    type: ContactPayload,
    authScopes: { scope: 'account:write' },
    args: { input: t.arg({ type: AddContactInput }) },
    resolve: async (_root, { input }, ctx) => {
      const partner = accountPartner(ctx);
      const result = partner.ok ? await addContact(ctx.db, partner.value, requestMeta(ctx), input) : partner;
      return accountPayload('contact', result, (value) => ctx.db.contact.findUniqueOrThrow({ where: { id: value.contactId } }));
    },
  }),
);

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

builder.mutationField('updateContact', (t) =>
  t.field({
    type: ContactPayload,
    authScopes: { scope: 'account:write' },
    args: { input: t.arg({ type: UpdateContactInput }) },
    resolve: async (_root, { input }, ctx) => {
      const partner = accountPartner(ctx);
      const request = { ...input, contactId: Number(input.contactId.id) };
      const result = partner.ok ? await updateContact(ctx.db, partner.value, requestMeta(ctx), request) : partner;
      return accountPayload('contact', result, (value) => ctx.db.contact.findUniqueOrThrow({ where: { id: value.contactId } }));
    },
  }),
);

const RemoveContactInput = builder.inputType('RemoveContactInput', {
  fields: (t) => ({
    contactId: t.globalID({ for: [ContactRef] }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

const RemoveContactPayload = builder.objectRef<{ removedContactId: string | null; userErrors: { code: string; message: string; field?: string[] }[] }>('RemoveContactPayload').implement({
  fields: (t) => ({
    removedContactId: t.exposeID('removedContactId', { nullable: true }),
    userErrors: t.field({ type: [AccountUserError], resolve: (p) => p.userErrors as never }),
  }),
});

builder.mutationField('removeContact', (t) =>
  t.field({
    type: RemoveContactPayload,
    authScopes: { scope: 'account:write' },
    args: { input: t.arg({ type: RemoveContactInput }) },
    resolve: async (_root, { input }, ctx) => {
      const partner = accountPartner(ctx);
      const request = { contactId: Number(input.contactId.id), idempotencyKey: input.idempotencyKey };
      const result = partner.ok ? await removeContact(ctx.db, partner.value, requestMeta(ctx), request) : partner;
      return accountPayload('removedContactId', result, async (value) => encodeGlobalID('Contact', value.contactId));
    },
  }),
);
