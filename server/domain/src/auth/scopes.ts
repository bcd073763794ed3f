/** What an API key may be granted. */
export const API_KEY_SCOPES = [
  'leases:read',
  'leases:write',
  'customers:read',
  'customers:export',
  'reports:read',
  'billing:read',
  'billing:write',
  'webhooks:manage',
] as const;

/** Scopes that only a person signed in with a role can hold. */
export const USER_ONLY_SCOPES = ['account:read', 'account:write', 'users:manage', 'apikeys:manage', 'audit:read'] as const;

/** Vendor staff scopes. */
export const VENDOR_SCOPES = ['vendor:read', 'catalog:write', 'billing:run', 'partners:manage'] as const;

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export type Scope = ApiKeyScope | (typeof USER_ONLY_SCOPES)[number] | (typeof VENDOR_SCOPES)[number];

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}
