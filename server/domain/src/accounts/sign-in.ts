import type { Db } from '@leaseboard/db';
import { verifyPassword } from '../auth/passwords.ts';
import { createSession } from '../auth/sessions.ts';
import type { Clock } from '../clock.ts';
import { fail, ok, type Result } from '../result.ts';

export type SignInErrorCode = 'INVALID_CREDENTIALS' | 'ACCOUNT_LOCKED' | 'ACCOUNT_DISABLED';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export interface SignInInput {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * Checks the password and opens a session. Five wrong passwords in a row lock the login for fifteen
 * minutes. An unknown email and a wrong password give the same answer.
 */
export async function signIn(
  db: Db,
  clock: Clock,
  input: SignInInput,
): Promise<Result<{ userId: number; token: string; expiresAt: Date }, SignInErrorCode>> {
  const now = clock.now();
  const user = await db.user.findUnique({ where: { email: input.email.trim().toLowerCase() }, include: { partner: true } });
  if (!user) return fail('INVALID_CREDENTIALS', 'Wrong email or password.', ['password']);
  if (user.lockedUntil && user.lockedUntil > now) {
    return fail('ACCOUNT_LOCKED', `Too many failed sign-ins. Try again after ${user.lockedUntil.toISOString()}.`);
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const failedLogins = user.failedLogins + 1;
    const locked = failedLogins >= MAX_FAILED_LOGINS;
    await db.user.update({
      where: { id: user.id },
      data: { failedLogins: locked ? 0 : failedLogins, lockedUntil: locked ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null },
    });
    return locked
      ? fail('ACCOUNT_LOCKED', `Too many failed sign-ins: the account is locked for ${LOCK_MINUTES} minutes.`)
      : fail('INVALID_CREDENTIALS', 'Wrong email or password.', ['password']);
  }
  if (!user.active || (user.partner && user.partner.status !== 'ACTIVE')) {
    return fail('ACCOUNT_DISABLED', 'This login has been deactivated.');
  }
  await db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  const session = await createSession(db, clock, user.id, { ip: input.ip, userAgent: input.userAgent });
  return ok({ userId: user.id, ...session });
}
