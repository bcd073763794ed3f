/**
 * The longest text each input field and argument may hold, in characters, checked at the edge before any
 * resolver runs (server/api/src/http/input-limits.ts) with an error that names the field. Keyed by the
 * field's or argument's name, wherever it appears; `text-limits.test.ts` fails when a String input has no
 * entry, so a new field gets its limit here.
 */
export const TEXT_LIMITS: Readonly<Record<string, number>> = {
  // Email addresses: 254, the longest a mail server accepts (RFC 5321 path limit).
  email: 254,
  billingEmail: 254,
  contactEmail: 254,
  customerEmail: 254,
  sendKeyTo: 254,
  to: 254,
  // Names of people, companies and things, and address lines.
  name: 200,
  company: 200,
  contactName: 200,
  holderName: 200,
  title: 200,
  addressLine1: 200,
  addressLine2: 200,
  city: 100,
  region: 100,
  country: 100,
  // Search and filter text.
  search: 200,
  action: 100,
  targetType: 100,
  // Notes and descriptions.
  description: 500,
  reason: 500,
  // URLs.
  url: 2_048,
  // Keys, references and codes.
  key: 100,
  licenseKey: 100,
  idempotencyKey: 200,
  externalRef: 200,
  events: 100,
  number: 40,
  period: 7,
  postalCode: 20,
  cvc: 8,
  phone: 50,
  ip: 64,
  // A licensed server's host name and fingerprint.
  serverName: 255,
  fingerprint: 255,
  // Passwords: the domain's rule (at most 1,000 characters, password.rules.ts) decides; this bounds the work
  // (2,000 UTF-16 units holds 1,000 characters of any kind).
  password: 2_000,
  currentPassword: 2_000,
  newPassword: 2_000,
};

/** A text input without an entry above (there should be none): short in a query, longer in a mutation. */
export const DEFAULT_TEXT_LIMIT = { query: 200, mutation: 2_000 } as const;
