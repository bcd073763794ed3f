import type { ContactKind, Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type DomainError, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';

export interface UpdateContactInput {
  contactId: number;
  /** Left out (undefined): unchanged. null clears phone and title; name, email and kind cannot be cleared. */
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  title?: string | null;
  kind?: ContactKind | null;
  idempotencyKey?: string | null;
}

type Changes = Partial<{ name: string; email: string; phone: string | null; title: string | null; kind: ContactKind }>;

export async function updateContact(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: UpdateContactInput,
): Promise<Result<{ contactId: number }, AccountErrorCode>> {
  const { idempotencyKey, contactId, ...fields } = input;
  const errors: DomainError<AccountErrorCode>[] = [];
  const changes: Changes = {};
  for (const name of ['name', 'email'] as const) {
    const value = fields[name];
    if (value === undefined) continue;
    if (value === null || !value.trim()) errors.push({ code: 'VALUE_REQUIRED', message: `${name} cannot be empty.`, field: [name] });
    else changes[name] = value.trim();
  }
  for (const name of ['phone', 'title'] as const) {
    if (fields[name] !== undefined) changes[name] = fields[name]?.trim() || null;
  }
  if (fields.kind === null) errors.push({ code: 'VALUE_REQUIRED', message: 'kind cannot be empty.', field: ['kind'] });
  else if (fields.kind) changes.kind = fields.kind;
  if (errors.length) return { ok: false, errors };

  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'updateContact', input: { contactId, ...changes } }, async (tx) => {
    const contact = await tx.contact.findFirst({ where: { id: contactId, partnerId } });
    if (!contact) return fail('CONTACT_NOT_FOUND', 'No such contact.', ['contactId']);
    const changed = (Object.keys(changes) as (keyof Changes)[]).filter((name) => contact[name] !== changes[name]);
    if (changed.length) {
      await tx.contact.update({ where: { id: contact.id }, data: Object.fromEntries(changed.map((name) => [name, changes[name]])) });
      await recordAudit(tx, meta, {
        partnerId,
        action: 'contact.update',
        targetType: 'Contact',
        targetId: contact.id,
        before: Object.fromEntries(changed.map((name) => [name, contact[name]])),
        after: Object.fromEntries(changed.map((name) => [name, changes[name]])),
      });
    }
    return ok({ contactId: contact.id });
  });
}
