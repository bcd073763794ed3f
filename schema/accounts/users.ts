import { viewerPartnerId } from '@leaseboard/domain/auth/viewer';
import { addUser } from '@leaseboard/domain/accounts/add-user';
import { changeUserRole } from '@leaseboard/domain/accounts/change-user-role';
import { deactivateUser } from '@leaseboard/domain/accounts/deactivate-user';
import { PARTNER_ROLES } from '@leaseboard/domain/accounts/partner-roles';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { emailShape, idempotencyKeyField } from '../input-fields.ts';
import { payloadType } from '../payload.ts';
import { requestMeta } from '../tenancy.ts';
import { accountPartner, accountPayload, AccountUserError } from './account-errors.ts';
import { UserRef } from './viewer.ts';

const PartnerRoleEnum = builder.enumType('PartnerRole', {
  description: 'A role a partner owner can give. ADMIN is vendor staff and cannot be given from a partner account.',
  values: PARTNER_ROLES,
});

builder.queryField('users', (t) =>
  t.prismaField({
    type: ['User'],
    description: "Your partner's logins, active and deactivated, oldest first.",
    authScopes: { scope: 'users:manage' },
    resolve: (query, _root, _args, ctx) => {
      const partnerId = viewerPartnerId(ctx.viewer);
      return partnerId === null ? [] : ctx.db.user.findMany({ ...query, where: { partnerId }, orderBy: { id: 'asc' } });
    },
  }),
);

const UserPayload = payloadType('UserPayload', 'user', UserRef, AccountUserError);

const AddUserInput = builder.inputType('AddUserInput', {
  fields: (t) => ({
    email: t.string({ validate: emailShape, description: 'Their sign-in; unique across Leaseboard.' }),
    name: t.string({ validate: z.string().max(200) }),
    role: t.field({ type: PartnerRoleEnum }),
    password: t.string({ description: 'At least 12 characters; tell it to them another way.', validate: z.string().max(1000) }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

builder.mutationField('addUser', (t) =>
  t.field({
    type: UserPayload,
    description: 'Adds a login for one of your employees.',
    authScopes: { scope: 'users:manage' },
    args: { input: t.arg({ type: AddUserInput }) },
    resolve: async (_root, { input }, ctx) => {
      const partner = accountPartner(ctx);
      const result = partner.ok ? await addUser(ctx.db, partner.value, requestMeta(ctx), input) : partner;
      return accountPayload('user', result, (value) => ctx.db.user.findUniqueOrThrow({ where: { id: value.userId } }));
    },
  }),
);

const ChangeUserRoleInput = builder.inputType('ChangeUserRoleInput', {
  fields: (t) => ({
    userId: t.globalID({ for: [UserRef] }),
    role: t.field({ type: PartnerRoleEnum }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

builder.mutationField('changeUserRole', (t) =>
  t.field({
    type: UserPayload,
    description: 'Gives a login another role. The last active owner cannot be demoted (LAST_OWNER).',
    authScopes: { scope: 'users:manage' },
    args: { input: t.arg({ type: ChangeUserRoleInput }) },
    resolve: async (_root, { input }, ctx) => {
      const partner = accountPartner(ctx);
      const request = { userId: Number(input.userId.id), role: input.role, idempotencyKey: input.idempotencyKey };
      const result = partner.ok ? await changeUserRole(ctx.db, partner.value, requestMeta(ctx), request) : partner;
      return accountPayload('user', result, (value) => ctx.db.user.findUniqueOrThrow({ where: { id: value.userId } }));
    },
  }),
);

const DeactivateUserInput = builder.inputType('DeactivateUserInput', {
  fields: (t) => ({
    userId: t.globalID({ for: [UserRef] }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

builder.mutationField('deactivateUser', (t) =>
  t.field({
    type: UserPayload,
    description: 'Turns a login off and ends its sessions. The last active owner cannot be deactivated (LAST_OWNER).',
    authScopes: { scope: 'users:manage' },
    args: { input: t.arg({ type: DeactivateUserInput }) },
    resolve: async (_root, { input }, ctx) => {
      const partner = accountPartner(ctx);
      const request = { userId: Number(input.userId.id), idempotencyKey: input.idempotencyKey };
      const result = partner.ok ? await deactivateUser(ctx.db, partner.value, requestMeta(ctx), request) : partner;
      return accountPayload('user', result, (value) => ctx.db.user.findUniqueOrThrow({ where: { id: value.userId } }));
    },
  }),
);
