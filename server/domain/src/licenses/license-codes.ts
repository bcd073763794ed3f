/**
 * What a licensed server is told about its key. The checks run in this fixed order and the first one
 * that applies is the answer, so a server always gets the most basic problem first:
 *
 *   1. MALFORMED_KEY             not a key at all: wrong length, a character outside the alphabet, or a
 *                                wrong check character (any case, with or without dashes, is accepted)
 *   2. RATE_LIMITED              this key was presented too often (30 a minute per key, then 1 per 2 s)
 *   3. NOT_FOUND                 no lease has this key
 *   4. STOPPED                   the lease is stopped; a stopped lease never validates
 *   5. PARTNER_SUSPENDED         the partner who leased the key is suspended or closed
 *   6. ALREADY_ACTIVE_ELSEWHERE  validate only: the key moved to another server more than 30 days ago and
 *                                this server still uses it (the activation gets flaggedAt)
 *   7. NOT_ACTIVATED             validate and deactivate: this server has no live activation of the key
 *   8. VALID                     the key is good for this server, and the request was carried out
 */
export const LICENSE_CODES = [
  'MALFORMED_KEY',
  'RATE_LIMITED',
  'NOT_FOUND',
  'STOPPED',
  'PARTNER_SUSPENDED',
  'ALREADY_ACTIVE_ELSEWHERE',
  'NOT_ACTIVATED',
  'VALID',
] as const;

export type LicenseCode = (typeof LICENSE_CODES)[number];

export const LICENSE_MESSAGES: Record<LicenseCode, string> = {
  MALFORMED_KEY: 'This is not a valid license key: check it for typing mistakes.',
  RATE_LIMITED: 'Too many requests for this key: try again later.',
  NOT_FOUND: 'No lease has this license key.',
  STOPPED: 'The lease of this license key has been stopped.',
  PARTNER_SUSPENDED: 'The provider of this license key is suspended: contact your provider.',
  ALREADY_ACTIVE_ELSEWHERE: 'This license key has moved to another server; it is no longer valid on this one.',
  NOT_ACTIVATED: 'This license key is not activated on this server: activate it first.',
  VALID: 'The license key is valid.',
};
