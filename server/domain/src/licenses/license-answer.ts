import type { ActivationModel as Activation, Edition } from '@leaseboard/db';
import type { RequestMeta } from '../audit/record-audit.ts';
import { overlapEndsAt } from './license-check.rules.ts';
import { LICENSE_MESSAGES, type LicenseCode } from './license-codes.ts';
import { formatLicenseKey } from './license-key.rules.ts';
import type { LoadedLicense } from './load-license.ts';

/** What a licensed server sends: its key and who it is. */
export interface LicenseRequest {
  /** Any case, with or without dashes. */
  key: string;
  serverName: string;
  /** The server's own address; the request's peer address when left out. */
  ip?: string | null;
  fingerprint?: string | null;
}

export interface LicenseAnswer {
  code: LicenseCode;
  valid: boolean;
  message: string;
  /** Set with RATE_LIMITED. */
  retryAfterSeconds: number | null;
  /** What the key entitles to; only with VALID. */
  license: { licenseKey: string; productSku: string; productName: string; edition: Edition; tierSize: number | null; addOnCodes: string[] } | null;
  /** The asking server's activation after the request, when it has one. */
  activation: (Pick<Activation, 'serverName' | 'firstSeenAt' | 'lastSeenAt' | 'supersededAt' | 'flaggedAt' | 'deactivatedAt'> & { overlapEndsAt: Date | null }) | null;
}

export function answer(code: LicenseCode, extra: Partial<Omit<LicenseAnswer, 'code' | 'valid' | 'message'>> = {}): LicenseAnswer {
  return { code, valid: code === 'VALID', message: LICENSE_MESSAGES[code], retryAfterSeconds: null, license: null, activation: null, ...extra };
}

export function entitlement(lease: LoadedLicense): NonNullable<LicenseAnswer['license']> {
  return {
    licenseKey: formatLicenseKey(lease.licenseKey),
    productSku: lease.product.sku,
    productName: lease.product.name,
    edition: lease.product.edition,
    tierSize: lease.product.tierSize,
    addOnCodes: lease.addOns.map((a) => a.addOn.code),
  };
}

export function activationView(activation: Activation): NonNullable<LicenseAnswer['activation']> {
  const { serverName, firstSeenAt, lastSeenAt, supersededAt, flaggedAt, deactivatedAt } = activation;
  return { serverName, firstSeenAt, lastSeenAt, supersededAt, flaggedAt, deactivatedAt, overlapEndsAt: overlapEndsAt(supersededAt) };
}

/** Licensed servers call without credentials: the audit log names the server instead of "anonymous". */
export function serverMeta(meta: RequestMeta, serverName: string): RequestMeta {
  if (meta.viewer.kind !== 'anonymous') return meta;
  return { ...meta, viewer: { ...meta.viewer, label: `server:${serverName.trim().slice(0, 200)}` } };
}
