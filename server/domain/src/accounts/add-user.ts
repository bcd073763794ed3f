import type { Db } from '@leaseboard/db';
import { hashPassword } from '../auth/passwords.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';
import type { PartnerRole } from './partner-roles.ts';
import { checkNewPassword } from './password.rules.ts';

export interface AddUserInput {
  email: string;
  name: string;
  role: PartnerRole;
  password: string;
  idempotencyKey?: string | null;
}

/**
 * Adds a login for one of the partner's employees. Emails are unique across all of Leaseboard and kept in
 * lower case, as sign-in looks them up. The password is hashed before the transaction and never enters
 * the idempotency fingerprint or the audit log.
 */
export async function addUser(db: Db, partnerId: number, meta: RequestMeta, input: AddUserInput): Promise<Result<{ userId: number }, AccountErrorCode>> {
  const weak = checkNewPassword(input.password, ['password']);
  if (weak.length) return { ok: false, errors: weak };
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!name) return fail('VALUE_REQUIRED', 'A name is required.', ['name']);
  const passwordHash = await hashPassword(input.password);

  const request = { partnerId, key: input.idempotencyKey, operation: 'addUser', input: { email, name, role: input.role } };
  try {
    return await idempotent(db, request, async (tx) => {
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) return emailTaken();
      const user = await tx.user.create({ data: { partnerId, email, name, role: input.role, passwordHash, createdAt: meta.at } });
      await recordAudit(tx, meta, { partnerId, action: 'user.add', targetType: 'User', targetId: user.id, after: { email, name, role: input.role } });
      return ok({ userId: user.id });
    });
  } catch (error) {
    // Two requests adding the same email at once: the unique index lets one through.
    if ((error as { code?: string }).code === 'P2002') return emailTaken();
    throw error;
  }
}

function emailTaken() {
  return fail('EMAIL_TAKEN', 'A login with this email already exists.', ['email']);
}
