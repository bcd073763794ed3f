import { isVendorStaff } from '@leaseboard/domain/auth/viewer';
import type { Context } from '../context.ts';
import { tenantUnique } from '../tenancy.ts';

/**
 * Who may look a login up by its node id: the person themselves, an owner who manages the partner's logins,
 * and vendor staff. For anybody else the id behaves like one that does not exist.
 */
export function visibleUserWhere(id: string, ctx: Context): { id: number; partnerId?: number } {
  const viewer = ctx.viewer;
  if (isVendorStaff(viewer) || (viewer.kind === 'user' && viewer.userId === Number(id))) return { id: Number(id) };
  if (viewer.scopes.has('users:manage')) return tenantUnique(id, ctx);
  return { id: -1 };
}
