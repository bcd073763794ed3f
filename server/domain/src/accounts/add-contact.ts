import type { ContactKind, Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';

export interface ContactFields {
  name: string;
  email: string;
  phone?: string | null;
  title?: string | null;
  kind?: ContactKind | null;
}

/** Adds a person the vendor may write to (billing, technical, general) who has no login. */
export async function addContact(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: ContactFields & { idempotencyKey?: string | null },
): Promise<Result<{ contactId: number }, AccountErrorCode>> {
  const { idempotencyKey, ...fields } = input;
  const contact = {
    name: fields.name.trim(),
    email: fields.email.trim(),
    phone: fields.phone?.trim() || null,
    title: fields.title?.trim() || null,
    kind: fields.kind ?? 'GENERAL',
  };
  if (!contact.name) return fail('VALUE_REQUIRED', 'A name is required.', ['name']);
  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'addContact', input: contact }, async (tx) => {
    const row = await tx.contact.create({ data: { partnerId, ...contact, createdAt: meta.at } });
    await recordAudit(tx, meta, { partnerId, action: 'contact.add', targetType: 'Contact', targetId: row.id, after: contact });
    return ok({ contactId: row.id });
  });
}
