import { ACCOUNT_ERROR_CODES, type AccountErrorCode } from '@leaseboard/domain/accounts/account-errors';
import type { DomainError, Result } from '@leaseboard/domain/result';
import type { Context } from '../context.ts';
import { writablePartnerId } from '../tenancy.ts';
import { userErrorType } from '../user-errors.ts';

export const AccountUserError = userErrorType('Account', ACCOUNT_ERROR_CODES);

type Payload<K extends string, T> = { [P in K]: T | null } & { userErrors: DomainError<AccountErrorCode>[] };

/** One mapping from a use case's result to `{ <key>, userErrors }`: the object is loaded only on success. */
export async function accountPayload<K extends string, T, V>(
  key: K,
  result: Result<V, AccountErrorCode>,
  load: (value: V) => Promise<T>,
): Promise<Payload<K, T>> {
  if (!result.ok) return { [key]: null, userErrors: result.errors } as Payload<K, T>;
  return { [key]: await load(result.value), userErrors: [] } as unknown as Payload<K, T>;
}

/**
 * The partner an account mutation changes. Every scope that allows one is held only by partner staff, so
 * this is a guard rather than a case anyone meets; it answers NO_PARTNER instead of failing.
 */
export function accountPartner(ctx: Context): Result<number, AccountErrorCode> {
  const partnerId = writablePartnerId(ctx);
  return partnerId === null ? { ok: false, errors: [{ code: 'NO_PARTNER', message: 'Only partner staff can change partner accounts.' }] } : { ok: true, value: partnerId };
}
