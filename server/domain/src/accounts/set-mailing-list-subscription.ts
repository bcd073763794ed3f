import type { Db, MailingList } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { ok, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';

export interface SetMailingListSubscriptionInput {
  email: string;
  list: MailingList;
  subscribed: boolean;
  idempotencyKey?: string | null;
}

/**
 * Subscribes an email of the partner to a list, or unsubscribes it. Emails are kept in lower case, so the
 * same address is never on a list twice. Asking for the state the address is already in changes nothing
 * and writes no audit entry.
 */
export async function setMailingListSubscription(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: SetMailingListSubscriptionInput,
): Promise<Result<{ list: MailingList; changed: boolean }, AccountErrorCode>> {
  const { idempotencyKey, ...rest } = input;
  const request = { ...rest, email: rest.email.trim().toLowerCase() };
  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'setMailingListSubscription', input: request }, async (tx) => {
    const where = { partnerId_email_list: { partnerId, email: request.email, list: request.list } };
    let changed: boolean;
    if (request.subscribed) {
      const existing = await tx.mailingListSubscription.findUnique({ where });
      changed = !existing;
      if (changed) {
        await tx.mailingListSubscription.upsert({
          where,
          create: { partnerId, email: request.email, list: request.list, subscribedAt: meta.at },
          update: {},
        });
      }
    } else {
      changed = (await tx.mailingListSubscription.deleteMany({ where: { partnerId, email: request.email, list: request.list } })).count > 0;
    }
    if (changed) {
      await recordAudit(tx, meta, {
        partnerId,
        action: request.subscribed ? 'mailing_list.subscribe' : 'mailing_list.unsubscribe',
        targetType: 'MailingList',
        targetId: request.list,
        before: { email: request.email, subscribed: !request.subscribed },
        after: { email: request.email, subscribed: request.subscribed },
      });
    }
    return ok({ list: request.list, changed });
  });
}
