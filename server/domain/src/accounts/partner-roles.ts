import type { Role } from '@leaseboard/db';

/** The roles a partner's owner may give; ADMIN is vendor staff and is never given from a partner account. */
export const PARTNER_ROLES = ['OWNER', 'MANAGER', 'ANALYST', 'BILLING'] as const satisfies readonly Role[];
export type PartnerRole = (typeof PARTNER_ROLES)[number];
