import type { Db } from '@leaseboard/db';
import type { Clock } from '../clock.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { createSession } from '../auth/sessions.ts';
import type { RateLimitStore } from '../rate-limit/rate-limit-store.ts';
import { fail, ok, type DomainError, type Result } from '../result.ts';
import { backoffUntil, resetSignInAttempts, SIGN_IN_BACKOFF, takeSignInAttempt } from './sign-in-throttle.ts';

export type SignInErrorCode = 'INVALID_CREDENTIALS' | 'TOO_MANY_ATTEMPTS' | 'ACCOUNT_DISABLED';

/** A refused sign-in; TOO_MANY_ATTEMPTS says when to try again. */
export interface SignInError extends DomainError<SignInErrorCode> {
  retryAfterSeconds?: number;
}

export interface SignInInput {
  email: string;
  password: string;
  userAgent: string | null;
}

/** What an unknown email is checked against, so it costs the same argon2 work as a real one. */
let dummyHash: Promise<string> | null = null;

/**
 * Checks the password and opens a session. Attempts are throttled per email and source IP with growing
 * delays (sign-in-throttle.ts), never per account alone, so a stranger's failures elsewhere never stop the
 * owner. Unknown and real emails get the same answers at about the same cost. The throttle starting on a
 * login, and a successful sign-in ending it, are audited.
 */
export async function signIn(
  db: Db,
  clock: Clock,
  store: RateLimitStore,
  meta: RequestMeta,
  input: SignInInput,
): Promise<Result<{ userId: number; token: string; expiresAt: Date }, SignInErrorCode>> {
  const email = input.email.trim().toLowerCase();
  const window = await takeSignInAttempt(store, email, meta.ip, meta.at.getTime());
  if (!window.allowed) return tooManyAttempts(window.retryAfterSeconds);

  const user = await db.user.findUnique({ where: { email }, include: { partner: true } });
  const passwordRight = await verifyPassword(user?.passwordHash ?? (await (dummyHash ??= hashPassword('no such login'))), input.password);
  if (!user || !passwordRight) {
    if (window.attempts === SIGN_IN_BACKOFF.free) {
      await recordAudit(db, meta, {
        partnerId: user?.partnerId ?? null,
        action: 'user.sign_in_throttled',
        targetType: 'User',
        targetId: user?.id ?? null,
        after: { email, failedAttempts: window.attempts, nextAttemptAt: backoffUntil(meta.at, window.attempts).toISOString() },
      });
    }
    return fail('INVALID_CREDENTIALS', 'Wrong email or password.', ['password']);
  }
  const failedBefore = await resetSignInAttempts(store, email, meta.ip);
  if (failedBefore >= SIGN_IN_BACKOFF.free) {
    await recordAudit(db, meta, { partnerId: user.partnerId, action: 'user.sign_in_unthrottled', targetType: 'User', targetId: user.id, before: { failedAttempts: failedBefore } });
  }
  if (!user.active || (user.partner && user.partner.status !== 'ACTIVE')) {
    return fail('ACCOUNT_DISABLED', 'This login has been deactivated.');
  }
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: meta.at } });
  const session = await createSession(db, clock, user.id, { ip: meta.ip, userAgent: input.userAgent });
  return ok({ userId: user.id, ...session });
}

function tooManyAttempts(retryAfterSeconds: number): { ok: false; errors: SignInError[] } {
  const seconds = Math.max(1, retryAfterSeconds);
  return { ok: false, errors: [{ code: 'TOO_MANY_ATTEMPTS', message: `Too many failed sign-ins from this address: try again in ${seconds} s.`, retryAfterSeconds: seconds }] };
}

