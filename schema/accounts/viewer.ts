import { clearedSessionCookie, endSession, readCookie, SESSION_COOKIE, sessionCookie } from '@leaseboard/domain/auth/sessions';
import { signIn } from '@leaseboard/domain/accounts/sign-in';
import { z } from 'zod';
import { builder } from '../builder.ts';
import { payloadType } from '../payload.ts';
import { userErrorType } from '../user-errors.ts';
import { visibleUserWhere } from './user-visibility.ts';

const RoleEnum = builder.enumType('Role', { values: ['OWNER', 'MANAGER', 'ANALYST', 'BILLING', 'ADMIN'] as const });

export const UserRef = builder.prismaNode('User', {
  id: { field: 'id' },
  findUnique: (id, ctx) => visibleUserWhere(id, ctx),
  fields: (t) => ({
    email: t.exposeString('email'),
    name: t.exposeString('name'),
    role: t.expose('role', { type: RoleEnum }),
    active: t.exposeBoolean('active'),
    lastLoginAt: t.expose('lastLoginAt', { type: 'DateTime', nullable: true }),
  }),
});

const SignInError = userErrorType('SignIn', ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'ACCOUNT_DISABLED'] as const);

const Me = builder.objectRef<{ kind: 'user' | 'apiKey'; userId: number | null; scopes: string[]; label: string; partnerId: number | null }>('Me').implement({
  description: 'Who is asking: a signed-in user or an API key.',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    label: t.exposeString('label'),
    scopes: t.exposeStringList('scopes'),
    user: t.prismaField({
      type: 'User',
      nullable: true,
      resolve: (query, me, _args, ctx) => (me.userId === null ? null : ctx.db.user.findUnique({ ...query, where: { id: me.userId } })),
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: Me,
    nullable: true,
    description: 'The current viewer, or null when not signed in.',
    resolve: (_root, _args, ctx) => {
      const v = ctx.viewer;
      if (v.kind === 'anonymous') return null;
      return {
        kind: v.kind,
        userId: v.kind === 'user' ? v.userId : null,
        scopes: [...v.scopes].sort(),
        label: v.label,
        partnerId: v.partnerId,
      };
    },
  }),
);

const SignInPayload = payloadType('SignInPayload', 'user', UserRef, SignInError);

builder.mutationField('signIn', (t) =>
  t.field({
    type: SignInPayload,
    args: {
      input: t.arg({
        type: builder.inputType('SignInInput', {
          fields: (t) => ({
            email: t.string({ validate: z.string().trim().min(3).max(320) }),
            password: t.string({ validate: z.string().min(1).max(1000) }),
          }),
        }),
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const result = await signIn(ctx.db, ctx.clock, { ...input, ip: ctx.ip, userAgent: ctx.userAgent });
      if (!result.ok) return { user: null, userErrors: result.errors };
      ctx.responseCookies.push(sessionCookie(result.value.token, result.value.expiresAt, ctx.config.publicUrl.startsWith('https:')));
      return { user: await ctx.db.user.findUniqueOrThrow({ where: { id: result.value.userId } }), userErrors: [] };
    },
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description: 'Ends the current session. Always true.',
    resolve: async (_root, _args, ctx) => {
      const token = readCookie(ctx.requestHeaders.get('cookie'), SESSION_COOKIE);
      if (token) await endSession(ctx.db, token);
      ctx.responseCookies.push(clearedSessionCookie(ctx.config.publicUrl.startsWith('https:')));
      return true;
    },
  }),
);
