import type { Role } from '@leaseboard/db';
import type { Scope } from './scopes.ts';

/** The one place that says what each role may do. */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  OWNER: [
    'leases:read', 'leases:write', 'customers:read', 'customers:export', 'reports:read', 'billing:read', 'billing:write',
    'account:read', 'account:write', 'users:manage', 'apikeys:manage', 'audit:read', 'webhooks:manage',
  ],
  MANAGER: ['leases:read', 'leases:write', 'customers:read', 'reports:read', 'account:read'],
  ANALYST: ['leases:read', 'customers:read', 'customers:export', 'reports:read', 'account:read'],
  BILLING: ['billing:read', 'billing:write', 'account:read'],
  ADMIN: [
    'vendor:read', 'catalog:write', 'billing:run', 'partners:manage', 'leases:read', 'customers:read', 'reports:read', 'billing:read',
  ],
};
