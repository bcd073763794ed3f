import type { DomainError } from '../result.ts';
import type { AccountErrorCode } from './account-errors.ts';

export const MIN_PASSWORD_LENGTH = 12;
/** argon2 takes any length, but a megabyte "password" is a denial-of-service attempt, not a password. */
export const MAX_PASSWORD_LENGTH = 1000;

/**
 * Length counted in code points, so an emoji counts once. Nothing else is demanded: length is what makes
 * a password strong, and composition rules push people to predictable patterns.
 */
export function checkNewPassword(password: string, field: string[]): DomainError<AccountErrorCode>[] {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return [{ code: 'PASSWORD_TOO_SHORT', message: `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`, field }];
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return [{ code: 'PASSWORD_TOO_LONG', message: `A password has at most ${MAX_PASSWORD_LENGTH} characters.`, field }];
  }
  return [];
}
