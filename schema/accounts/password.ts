import { changePassword } from '@leaseboard/domain/accounts/change-password';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { idempotencyKeyField } from '../input-fields.ts';
import { payloadType } from '../payload.ts';
import { defineMutation } from '../mutation.ts';
import { AccountUserError } from './account-errors.ts';
import { UserRef } from './viewer.ts';

const ChangePasswordInput = builder.inputType('ChangePasswordInput', {
  fields: (t) => ({
    currentPassword: t.string({ validate: z.string().min(1).max(1000) }),
    newPassword: t.string({ description: 'At least 12 characters.', validate: z.string().max(1000) }),
    idempotencyKey: t.string(idempotencyKeyField()),
  }),
});

const ChangePasswordPayload = payloadType('ChangePasswordPayload', 'user', UserRef, AccountUserError);

defineMutation('changePassword', {
  description: 'Changes your own password and signs you out of every other session.',
  access: 'signed-in user',
  partner: 'none',
  args: (arg) => ({ input: arg({ type: ChangePasswordInput }) }),
  run: ({ ctx, args: { input }, meta }) => changePassword(ctx.db, meta, input),
  payload: ChangePasswordPayload,
  load: (value, ctx) => ctx.db.user.findUniqueOrThrow({ where: { id: value.userId } }),
});
