import type { ActivationModel as Activation } from '@leaseboard/db';
import type { Tx } from '../tx.ts';
import { serverNorm } from './license-check.rules.ts';
import type { RateLimitStore } from '../rate-limit/rate-limit-store.ts';
import { answer, type LicenseAnswer } from './license-answer.ts';
import { normalizeLicenseKey } from './license-key.rules.ts';
import { LICENSE_RATE_LIMIT } from './license-rate-limit.ts';

/**
 * Checks 1 and 2 of the fixed order (license-codes.ts), before any database read: the key must be well
 * formed, and within its rate limit. Returns the canonical key, or the answer to give.
 */
export async function precheck(store: RateLimitStore, rawKey: string, now: Date): Promise<{ key: string } | { answer: LicenseAnswer }> {
  const key = normalizeLicenseKey(rawKey);
  if (!key) return { answer: answer('MALFORMED_KEY') };
  const taken = await store.take(`license:${key}`, 1, LICENSE_RATE_LIMIT, now.getTime());
  if (!taken.allowed) return { answer: answer('RATE_LIMITED', { retryAfterSeconds: taken.retryAfterSeconds }) };
  return { key };
}

const SELECT = {
  id: true,
  partnerId: true,
  licenseKey: true,
  status: true,
  serverName: true,
  partner: { select: { status: true } },
  product: { select: { sku: true, name: true, edition: true, tierSize: true } },
  addOns: { select: { addOn: { select: { code: true } } }, orderBy: { addOnId: 'asc' } },
  activations: { where: { deactivatedAt: null }, orderBy: { id: 'asc' } },
} as const;

/** The lease of a canonical key with its live activations; `lock` holds its row until the transaction ends. */
export async function loadLicense(tx: Tx, key: string, options: { lock: boolean }) {
  if (options.lock) await tx.$queryRaw`SELECT id FROM "Lease" WHERE "licenseKey" = ${key} FOR UPDATE`;
  return tx.lease.findUnique({ where: { licenseKey: key }, select: SELECT });
}

export type LoadedLicense = NonNullable<Awaited<ReturnType<typeof loadLicense>>>;

/** The asking server's live activation: the newest one with its name, whatever the case. */
export function activationOf(lease: LoadedLicense, serverName: string): Activation | null {
  const norm = serverNorm(serverName);
  return lease.activations.filter((a) => serverNorm(a.serverName) === norm).at(-1) ?? null;
}

/** The activation the key counts as in use on: the live one not superseded by a move. */
export function currentActivation(lease: LoadedLicense): Activation | null {
  return lease.activations.find((a) => a.supersededAt === null) ?? null;
}
