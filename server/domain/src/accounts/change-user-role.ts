import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';
import { isLastOwner, lockActiveOwners } from './lock-owners.ts';
import type { PartnerRole } from './partner-roles.ts';

export interface ChangeUserRoleInput {
  userId: number;
  role: PartnerRole;
  idempotencyKey?: string | null;
}

/** Gives one of the partner's logins another role; the last active owner cannot be demoted. */
export async function changeUserRole(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: ChangeUserRoleInput,
): Promise<Result<{ userId: number }, AccountErrorCode>> {
  const { idempotencyKey, ...request } = input;
  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'changeUserRole', input: request }, async (tx) => {
    const owners = await lockActiveOwners(tx, partnerId);
    const user = await tx.user.findFirst({ where: { id: request.userId, partnerId }, select: { id: true, role: true, active: true } });
    if (!user) return fail('USER_NOT_FOUND', 'No such user.', ['userId']);
    if (!user.active) return fail('USER_INACTIVE', 'This login has been deactivated.', ['userId']);
    if (user.role === request.role) return fail('ROLE_UNCHANGED', `This login already has the ${request.role} role.`, ['role']);
    if (request.role !== 'OWNER' && isLastOwner(owners, user.id)) {
      return fail('LAST_OWNER', 'This is the last active owner: make another login an owner first.', ['role']);
    }
    await tx.user.update({ where: { id: user.id }, data: { role: request.role } });
    await recordAudit(tx, meta, {
      partnerId,
      action: 'user.change_role',
      targetType: 'User',
      targetId: user.id,
      before: { role: user.role },
      after: { role: request.role },
    });
    return ok({ userId: user.id });
  });
}
