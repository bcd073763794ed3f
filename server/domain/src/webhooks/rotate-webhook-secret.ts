import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { fail, ok, type Result } from '../result.ts';
import { generateWebhookSecret } from './signature.rules.ts';
import type { WebhookErrorCode } from './webhook-errors.ts';

/** Deliveries are signed with the old secret too for this long after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

/** A new signing secret, returned once; the old one keeps signing beside it for 24 hours. */
export async function rotateWebhookSecret(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: { endpointId: number },
): Promise<Result<{ endpointId: number; secret: string; previousSecretExpiresAt: Date }, WebhookErrorCode>> {
  return db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: input.endpointId, partnerId }, select: { secret: true } });
    if (!endpoint) return fail('ENDPOINT_NOT_FOUND', 'No such webhook endpoint.', ['endpointId']);
    const secret = generateWebhookSecret();
    const previousSecretExpiresAt = new Date(meta.at.getTime() + ROTATION_OVERLAP_MS);
    await tx.webhookEndpoint.update({
      where: { id: input.endpointId },
      data: { secret, previousSecret: endpoint.secret, previousSecretExpiresAt, updatedAt: meta.at },
    });
    await recordAudit(tx, meta, { partnerId, action: 'webhook.rotate-secret', targetType: 'WebhookEndpoint', targetId: input.endpointId, after: { previousSecretExpiresAt } });
    return ok({ endpointId: input.endpointId, secret, previousSecretExpiresAt });
  });
}
