import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from '@leaseboard/domain/auth/sessions';
import { signIn, type SignInError as SignInRefusal } from '@leaseboard/domain/accounts/sign-in';
import { rateLimitStoreOf } from '@leaseboard/domain/rate-limit/rate-limit-store';
import { signOut } from '@leaseboard/domain/accounts/sign-out';
import { z } from 'zod';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { defineMutation } from '../mutation.ts';
import { payloadType, plainPayload } from '../payload.ts';
import { TEXT_LIMITS } from '../text-limits.ts';
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

const SignInError = userErrorType('SignIn', ['INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS', 'ACCOUNT_DISABLED'] as const);
builder.objectField(SignInError, 'retryAfterSeconds', (t) =>
  t.int({
    nullable: true,
    description: 'With TOO_MANY_ATTEMPTS: seconds until this email may be tried again from this address.',
    resolve: (e) => (e as SignInRefusal).retryAfterSeconds ?? null,
  }),
);

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

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({
    email: t.string({ validate: z.string().trim().min(3).max(TEXT_LIMITS['email']!) }),
    password: t.string({ validate: z.string().min(1).max(1000) }),
  }),
});

defineMutation('signIn', {
  description: 'Signs in with email and password and sets the session cookie. Attempts are throttled per email and source address with growing delays (TOO_MANY_ATTEMPTS with retryAfterSeconds).',
  access: 'anyone',
  partner: 'none',
  args: (arg) => ({ input: arg({ type: SignInInput }) }),
  run: ({ ctx, args: { input }, meta }) => signIn(ctx.db, ctx.clock, rateLimitStoreOf(ctx), meta, { ...input, userAgent: ctx.userAgent }),
  payload: SignInPayload,
  load: (value, ctx) => {
    ctx.responseCookies.push(sessionCookie(value.token, value.expiresAt, securesCookies(ctx)));
    return ctx.db.user.findUniqueOrThrow({ where: { id: value.userId } });
  },
});

defineMutation('signOut', {
  description: 'Ends the current session. Always true.',
  access: 'anyone',
  partner: 'none',
  args: () => ({}),
  run: ({ ctx }) => signOut(ctx.db, readCookie(ctx.requestHeaders.get('cookie'), SESSION_COOKIE)),
  payload: plainPayload<boolean>('Boolean'),
  load: (_value, ctx) => {
    ctx.responseCookies.push(clearedSessionCookie(securesCookies(ctx)));
    return true;
  },
});

function securesCookies(ctx: Context): boolean {
  return ctx.config.publicUrl.startsWith('https:');
}
