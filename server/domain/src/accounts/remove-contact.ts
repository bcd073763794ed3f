import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';

export interface RemoveContactInput {
  contactId: number;
  idempotencyKey?: string | null;
}

/** Deletes the contact; the audit entry keeps what it was. */
export async function removeContact(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: RemoveContactInput,
): Promise<Result<{ contactId: number }, AccountErrorCode>> {
  const { idempotencyKey, ...request } = input;
  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'removeContact', input: request }, async (tx) => {
    const contact = await tx.contact.findFirst({ where: { id: request.contactId, partnerId } });
    if (!contact) return fail('CONTACT_NOT_FOUND', 'No such contact.', ['contactId']);
    await tx.contact.delete({ where: { id: contact.id } });
    const { partnerId: _partner, createdAt: _created, ...before } = contact;
    await recordAudit(tx, meta, { partnerId, action: 'contact.remove', targetType: 'Contact', targetId: contact.id, before });
    return ok({ contactId: contact.id });
  });
}
