import { viewerPartnerId } from '@leaseboard/domain/auth/viewer';
import { addUser } from '@leaseboard/domain/accounts/add-user';
import { changeUserRole } from '@leaseboard/domain/accounts/change-user-role';
import { deactivateUser } from '@leaseboard/domain/accounts/deactivate-user';
import { PARTNER_ROLES } from '@leaseboard/domain/accounts/partner-roles';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { emailShape, idempotencyKeyField } from '../input-fields.ts';
import { payloadType } from '../payload.ts';
import type { Context } from '../context.ts';
import { defineMutation } from '../mutation.ts';
import { AccountUserError } from './account-errors.ts';
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
const loadUser = (value: { userId: number }, ctx: Context) => ctx.db.user.findUniqueOrThrow({ where: { id: value.userId } });

const AddUserInput = builder.inputType('AddUserInput', {
  fields: (t) => ({
    email: t.string({ validate: emailShape, description: 'Their sign-in; unique across Leaseboard.' }),
    name: t.string({ validate: z.string().max(200) }),
    role: t.field({ type: PartnerRoleEnum }),
    password: t.string({ description: 'At least 12 characters; tell it to them another way.', validate: z.string().max(1000) }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

defineMutation('addUser', {
  description: 'Adds a login for one of your employees.',
  access: { scope: 'users:manage' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: AddUserInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) => addUser(ctx.db, partnerId, meta, input),
  payload: UserPayload,
  load: loadUser,
});

const ChangeUserRoleInput = builder.inputType('ChangeUserRoleInput', {
  fields: (t) => ({
    userId: t.globalID({ for: [UserRef] }),
    role: t.field({ type: PartnerRoleEnum }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

defineMutation('changeUserRole', {
  description: 'Gives a login another role. The last active owner cannot be demoted (LAST_OWNER).',
  access: { scope: 'users:manage' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: ChangeUserRoleInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    changeUserRole(ctx.db, partnerId, meta, { userId: Number(input.userId.id), role: input.role, idempotencyKey: input.idempotencyKey }),
  payload: UserPayload,
  load: loadUser,
});

const DeactivateUserInput = builder.inputType('DeactivateUserInput', {
  fields: (t) => ({
    userId: t.globalID({ for: [UserRef] }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

defineMutation('deactivateUser', {
  description: 'Turns a login off and ends its sessions. The last active owner cannot be deactivated (LAST_OWNER).',
  access: { scope: 'users:manage' },
  partner: 'required',
  args: (arg) => ({ input: arg({ type: DeactivateUserInput }) }),
  run: ({ ctx, args: { input }, meta, partnerId }) =>
    deactivateUser(ctx.db, partnerId, meta, { userId: Number(input.userId.id), idempotencyKey: input.idempotencyKey }),
  payload: UserPayload,
  load: loadUser,
});
