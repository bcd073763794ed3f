/** Why an account request was refused. One enum for every account mutation (AccountErrorCode in GraphQL). */
export const ACCOUNT_ERROR_CODES = [
  'WRONG_PASSWORD',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_LONG',
  'PASSWORD_UNCHANGED',
  'NOT_A_PERSON',
  'VALUE_REQUIRED',
  'EMAIL_TAKEN',
  'USER_NOT_FOUND',
  'USER_INACTIVE',
  'ROLE_UNCHANGED',
  'LAST_OWNER',
  'CONTACT_NOT_FOUND',
  'API_KEY_NOT_FOUND',
  'API_KEY_ALREADY_REVOKED',
  'API_KEY_EXPIRY_IN_PAST',
  'NO_PARTNER',
  'PARTNER_NOT_FOUND',
  'PARTNER_CLOSED',
  'STATUS_UNCHANGED',
  'IDEMPOTENCY_KEY_REUSED',
] as const;

export type AccountErrorCode = (typeof ACCOUNT_ERROR_CODES)[number];
