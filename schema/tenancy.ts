import type { Context } from './context.ts';
import { isVendorStaff, viewerPartnerId } from '@leaseboard/domain/auth/viewer';

const NOBODY = -1;

/**
 * The partner whose rows the viewer may read: its own, or every partner for vendor staff (null).
 * Anonymous viewers get a partner id that matches nothing.
 */
export function readablePartnerId(ctx: Context): number | null {
  if (isVendorStaff(ctx.viewer)) return null;
  return viewerPartnerId(ctx.viewer) ?? NOBODY;
}

/**
 * The partner a list is narrowed to when the request names one (vendor staff looking at one partner):
 * vendor staff get the one asked for, partner staff their own, and NOBODY when they name another partner,
 * which then reads like a partner without rows.
 */
export function readablePartnerIdOf(ctx: Context, requested: number | null | undefined): number | null {
  const own = readablePartnerId(ctx);
  if (requested === null || requested === undefined) return own;
  return own === null || own === requested ? requested : NOBODY;
}

/** A `where` fragment that keeps reads inside the viewer's tenant. */
export function tenantWhere(ctx: Context): { partnerId?: number } {
  const partnerId = readablePartnerId(ctx);
  return partnerId === null ? {} : { partnerId };
}

/** For `node(id)` lookups of partner-owned types: another partner's id is simply not found. */
export function tenantUnique(id: string, ctx: Context) {
  return { id: Number(id), ...tenantWhere(ctx) };
}

/** The partner a write applies to; vendor staff and anonymous viewers have none. */
export function writablePartnerId(ctx: Context): number | null {
  return ctx.viewer.kind === 'anonymous' ? null : viewerPartnerId(ctx.viewer);
}

export function requestMeta(ctx: Context) {
  return { viewer: ctx.viewer, ip: ctx.ip, requestId: ctx.requestId, at: ctx.clock.now() };
}
