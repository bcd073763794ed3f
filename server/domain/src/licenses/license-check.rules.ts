import type { LeaseStatus, PartnerStatus } from '@leaseboard/db';
import type { LicenseCode } from './license-codes.ts';

export type LicenseOperation = 'activate' | 'validate' | 'deactivate';

/** After a key moves to another server, the old server stays valid this long. */
export const OVERLAP_DAYS = 30;
const OVERLAP_MS = OVERLAP_DAYS * 86_400_000;

export interface LicenseFacts {
  lease: { status: LeaseStatus; partnerStatus: PartnerStatus } | null;
  /** The asking server's live (not deactivated) activation of the key, if it has one. */
  activation: { supersededAt: Date | null } | null;
}

/**
 * Checks 3 to 8 of the fixed order in license-codes.ts, for a key that is well formed and within its
 * rate limit (checks 1 and 2 come before any database read).
 */
export function licenseCode(operation: LicenseOperation, facts: LicenseFacts, now: Date): LicenseCode {
  const { lease, activation } = facts;
  if (!lease) return 'NOT_FOUND';
  if (lease.status === 'STOPPED') return 'STOPPED';
  if (lease.partnerStatus !== 'ACTIVE') return 'PARTNER_SUSPENDED';
  if (operation === 'activate') return 'VALID';
  if (operation === 'validate' && activation && overlapExpired(activation.supersededAt, now)) return 'ALREADY_ACTIVE_ELSEWHERE';
  if (!activation) return 'NOT_ACTIVATED';
  return 'VALID';
}

/** When a superseded activation stops being valid; null for the current one. */
export function overlapEndsAt(supersededAt: Date | null): Date | null {
  return supersededAt && new Date(supersededAt.getTime() + OVERLAP_MS);
}

/** More than 30 days since the key moved away: at exactly 30 days the old server is still valid. */
export function overlapExpired(supersededAt: Date | null, now: Date): boolean {
  const ends = overlapEndsAt(supersededAt);
  return ends !== null && now.getTime() > ends.getTime();
}

/** Servers are told apart by name, whatever its case or surrounding spaces. */
export function serverNorm(serverName: string): string {
  return serverName.trim().toLowerCase();
}
