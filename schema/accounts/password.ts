import { changePassword } from '@leaseboard/domain/accounts/change-password';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { idempotencyKeyField } from '../input-fields.ts';
import { payloadType } from '../payload.ts';
import { requestMeta } from '../tenancy.ts';
import { accountPayload, AccountUserError } from './account-errors.ts';
import { UserRef } from './viewer.ts';

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  fields: (t) => ({
    currentPassword: t.string({ validate: z.string().min(1).max(1000) }),
    newPassword: t.string({ description: 'At least 12 characters.', validate: z.string().max(1000) }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

const ChangePasswordPayload = payloadType('ChangePasswordPayload', 'user', UserRef, AccountUserError);

builder.mutationField('changePassword', (t) =>
  t.field({
    type: ChangePasswordPayload,
    description: 'Changes your own password and signs you out of every other session.',
    authScopes: (_root, _args, ctx) => ctx.viewer.kind === 'user',
    args: { input: t.arg({ type: ChangePasswordInput }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await changePassword(ctx.db, requestMeta(ctx), input);
      return accountPayload('user', result, (value) => ctx.db.user.findUniqueOrThrow({ where: { id: value.userId } }));
    },
  }),
);
