import type { Db } from '@leaseboard/db';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';
import { checkNewPassword } from './password.rules.ts';

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
  idempotencyKey?: string | null;
}

/**
 * Replaces the signed-in person's password (argon2id) after checking the current one, and ends every
 * other session of theirs: whoever may have learnt the old password is signed out everywhere else.
 * The passwords never reach the idempotency fingerprint or the audit log.
 */
export async function changePassword(
  db: Db,
  meta: RequestMeta,
  input: ChangePasswordInput,
): Promise<Result<{ userId: number; endedSessions: number }, AccountErrorCode>> {
  const viewer = meta.viewer;
  if (viewer.kind !== 'user') return fail('NOT_A_PERSON', 'Only a signed-in person has a password to change.');
  const weak = checkNewPassword(input.newPassword, ['newPassword']);
  if (weak.length) return { ok: false, errors: weak };
  if (input.newPassword === input.currentPassword) {
    return fail('PASSWORD_UNCHANGED', 'The new password must differ from the current one.', ['newPassword']);
  }

  const request = { partnerId: viewer.partnerId, key: input.idempotencyKey, operation: 'changePassword', input: { userId: viewer.userId } };
  return idempotent(db, request, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: viewer.userId }, select: { id: true, partnerId: true, passwordHash: true } });
    if (!user) return fail('USER_NOT_FOUND', 'No such user.');
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      return fail('WRONG_PASSWORD', 'The current password is wrong.', ['currentPassword']);
    }
    await tx.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.newPassword) } });
    const ended = await tx.session.deleteMany({ where: { userId: user.id, id: { not: viewer.sessionId } } });
    await recordAudit(tx, meta, {
      partnerId: user.partnerId,
      action: 'user.change_password',
      targetType: 'User',
      targetId: user.id,
      after: { endedSessions: ended.count },
    });
    return ok({ userId: user.id, endedSessions: ended.count });
  });
}
