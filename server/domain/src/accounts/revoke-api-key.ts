import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';

export interface RevokeApiKeyInput {
  apiKeyId: number;
  idempotencyKey?: string | null;
}

/** Revokes an API key for good: from now on every request that presents it is refused with 401. */
export async function revokeApiKey(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: RevokeApiKeyInput,
): Promise<Result<{ apiKeyId: number }, AccountErrorCode>> {
  const { idempotencyKey, ...request } = input;
  return idempotent(db, { partnerId, key: idempotencyKey, operation: 'revokeApiKey', input: request }, async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: request.apiKeyId, partnerId }, select: { id: true, prefix: true, revokedAt: true } });
    if (!key) return fail('API_KEY_NOT_FOUND', 'No such API key.', ['apiKeyId']);
    if (key.revokedAt) return fail('API_KEY_ALREADY_REVOKED', 'This API key is already revoked.', ['apiKeyId']);
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: meta.at } });
    await recordAudit(tx, meta, {
      partnerId,
      action: 'api_key.revoke',
      targetType: 'ApiKey',
      targetId: key.id,
      before: { prefix: key.prefix, revokedAt: null },
      after: { prefix: key.prefix, revokedAt: meta.at.toISOString() },
    });
    return ok({ apiKeyId: key.id }, [{ kind: 'forget-api-key', apiKeyId: key.id }]);
  });
}
