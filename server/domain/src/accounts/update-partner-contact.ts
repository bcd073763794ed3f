import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type DomainError, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';

const REQUIRED = ['company', 'contactName', 'contactEmail', 'billingEmail'] as const;
const OPTIONAL = ['phone', 'addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'country'] as const;

type Required = (typeof REQUIRED)[number];
type Optional = (typeof OPTIONAL)[number];

/** Fields left out (undefined) stay as they are; null clears an optional field. */
export type UpdatePartnerContactInput = { [K in Required]?: string | null } & { [K in Optional]?: string | null } & {
  idempotencyKey?: string | null;
};

/** Changes the partner's company name, contact person, address and billing email. */
export async function updatePartnerContact(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: UpdatePartnerContactInput,
): Promise<Result<{ partnerId: number }, AccountErrorCode>> {
  const { idempotencyKey, ...fields } = input;
  const errors: DomainError<AccountErrorCode>[] = [];
  const changes: Record<string, string | null> = {};
  for (const name of REQUIRED) {
    const value = fields[name];
    if (value === undefined) continue;
    if (value === null || !value.trim()) errors.push({ code: 'VALUE_REQUIRED', message: `${name} cannot be empty.`, field: [name] });
    else changes[name] = value.trim();
  }
  for (const name of OPTIONAL) {
    const value = fields[name];
    if (value !== undefined) changes[name] = value?.trim() || null;
  }
  if (errors.length) return { ok: false, errors };

  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'updatePartnerContact', input: fields }, async (tx) => {
    const partner = await tx.partner.findUnique({ where: { id: partnerId } });
    if (!partner) return fail('NO_PARTNER', 'No such partner.');
    const changed = Object.keys(changes).filter((name) => partner[name as Required | Optional] !== changes[name]);
    if (changed.length) {
      await tx.partner.update({ where: { id: partnerId }, data: Object.fromEntries(changed.map((name) => [name, changes[name]])) });
      await recordAudit(tx, meta, {
        partnerId,
        action: 'partner.update_contact',
        targetType: 'Partner',
        targetId: partnerId,
        before: Object.fromEntries(changed.map((name) => [name, partner[name as Required | Optional]])),
        after: Object.fromEntries(changed.map((name) => [name, changes[name]])),
      });
    }
    return ok({ partnerId });
  });
}
