import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';

export interface SetPartnerStatusInput {
  partnerId: number;
  /** SUSPENDED: its staff and API keys are refused at once (authenticate checks the status); ACTIVE: let back in. */
  status: 'ACTIVE' | 'SUSPENDED';
  /** Why, for the audit log. */
  reason?: string | null;
}

/** Vendor staff suspend a partner or reactivate it; the change is audited under the partner. A closed partner stays closed. */
export async function setPartnerStatus(db: Db, meta: RequestMeta, input: SetPartnerStatusInput): Promise<Result<{ partnerId: number }, AccountErrorCode>> {
  return db.$transaction(async (tx) => {
    const partner = await tx.partner.findUnique({ where: { id: input.partnerId }, select: { id: true, status: true } });
    if (!partner) return fail('PARTNER_NOT_FOUND', 'No such partner.', ['partnerId']);
    if (partner.status === 'CLOSED') return fail('PARTNER_CLOSED', 'This partner is closed; it cannot be suspended or reactivated.', ['partnerId']);
    if (partner.status === input.status) return fail('STATUS_UNCHANGED', `The partner is already ${input.status.toLowerCase()}.`, ['status']);
    await tx.partner.update({ where: { id: partner.id }, data: { status: input.status } });
    await recordAudit(tx, meta, {
      partnerId: partner.id,
      action: input.status === 'SUSPENDED' ? 'partner.suspend' : 'partner.reactivate',
      targetType: 'Partner',
      targetId: partner.id,
      before: { status: partner.status },
      after: { status: input.status, ...(input.reason ? { reason: input.reason } : {}) },
    });
    return ok({ partnerId: partner.id });
  });
}
