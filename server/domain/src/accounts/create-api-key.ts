import type { Db } from '@leaseboard/db';
import { newApiKeySecret } from '../auth/api-key-secret.ts';
import type { ApiKeyScope } from '../auth/scopes.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { idempotent } from '../idempotency/idempotent.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';

export interface CreateApiKeyInput {
  name: string;
  scopes: ApiKeyScope[];
  expiresAt?: Date | null;
  idempotencyKey?: string | null;
}

/**
 * Issues an API key with a subset of the API-key scopes. Only the SHA-256 of the key is stored, so the
 * key itself is in the result this one time (`secret`). A retry with the same idempotency key returns the
 * same API key without its secret (null): it was never stored, so it cannot be shown again.
 */
export async function createApiKey(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: CreateApiKeyInput,
): Promise<Result<{ apiKeyId: number; secret: string | null }, AccountErrorCode>> {
  const name = input.name.trim();
  if (!name) return fail('VALUE_REQUIRED', 'A name is required.', ['name']);
  const scopes = [...new Set(input.scopes)].sort();
  if (!scopes.length) return fail('VALUE_REQUIRED', 'Give the key at least one scope.', ['scopes']);
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt && expiresAt <= meta.at) return fail('API_KEY_EXPIRY_IN_PAST', 'The expiry must be in the future.', ['expiresAt']);

  const secret = newApiKeySecret();
  const createdById = meta.viewer.kind === 'user' ? meta.viewer.userId : null;
  const request = { partnerId, key: input.idempotencyKey, operation: 'createApiKey', input: { name, scopes, expiresAt: expiresAt?.toISOString() ?? null } };
  const result = await idempotent<{ apiKeyId: number }, AccountErrorCode>(db, request, async (tx) => {
    const key = await tx.apiKey.create({
      data: { partnerId, name, prefix: secret.prefix, hash: secret.hash, scopes, expiresAt, createdById, createdAt: meta.at },
    });
    await recordAudit(tx, meta, {
      partnerId,
      action: 'api_key.create',
      targetType: 'ApiKey',
      targetId: key.id,
      after: { name, prefix: key.prefix, scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return ok({ apiKeyId: key.id });
  });
  if (!result.ok) return result;
  const stored = await db.apiKey.findUnique({ where: { id: result.value.apiKeyId }, select: { hash: true } });
  return ok({ apiKeyId: result.value.apiKeyId, secret: stored?.hash === secret.hash ? secret.key : null });
}
