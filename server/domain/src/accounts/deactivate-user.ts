import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';
import { isLastOwner, lockActiveOwners } from './lock-owners.ts';

export interface DeactivateUserInput {
  userId: number;
  idempotencyKey?: string | null;
}

/**
 * Turns a login off and ends all its sessions at once. The row stays, so history and the audit log keep
 * naming who did what. The last active owner cannot be deactivated.
 */
export async function deactivateUser(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: DeactivateUserInput,
): Promise<Result<{ userId: number; endedSessions: number }, AccountErrorCode>> {
  const { idempotencyKey, ...request } = input;
  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'deactivateUser', input: request }, async (tx) => {
    const owners = await lockActiveOwners(tx, partnerId);
    const user = await tx.user.findFirst({ where: { id: request.userId, partnerId }, select: { id: true, role: true, active: true, email: true } });
    if (!user) return fail('USER_NOT_FOUND', 'No such user.', ['userId']);
    if (!user.active) return fail('USER_INACTIVE', 'This login is already deactivated.', ['userId']);
    if (isLastOwner(owners, user.id)) {
      return fail('LAST_OWNER', 'This is the last active owner: make another login an owner first.', ['userId']);
    }
    await tx.user.update({ where: { id: user.id }, data: { active: false } });
    const ended = await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, meta, {
      partnerId,
      action: 'user.deactivate',
      targetType: 'User',
      targetId: user.id,
      before: { active: true },
      after: { active: false, endedSessions: ended.count },
    });
    return ok({ userId: user.id, endedSessions: ended.count });
  });
}
