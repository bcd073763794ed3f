import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { activationView, answer, entitlement, serverMeta, type LicenseAnswer, type LicenseRequest } from './license-answer.ts';
import { licenseCode, serverNorm } from './license-check.rules.ts';
import { activationOf, currentActivation, loadLicense, precheck } from './load-license.ts';
import type { RateLimitStore } from '../rate-limit/rate-limit-store.ts';
import { emitLeaseEvent } from '../webhooks/emit-lease-event.ts';

/**
 * A licensed server activates its key. The server becomes the key's current one and the lease shows its
 * name. When the key was current on another server, that one is superseded now and stays valid for the
 * 30-day overlap; activating again from a server that already is current only refreshes lastSeenAt.
 * Runs under the lease row lock, so two servers activating at once get one current server.
 */
export async function activateLicense(db: Db, store: RateLimitStore, meta: RequestMeta, input: LicenseRequest): Promise<LicenseAnswer> {
  const checked = await precheck(store, input.key, meta.at);
  if ('answer' in checked) return checked.answer;
  const serverName = input.serverName.trim();
  const now = meta.at;

  return db.$transaction(async (tx) => {
    const lease = await loadLicense(tx, checked.key, { lock: true });
    const code = licenseCode('activate', { lease: lease && { status: lease.status, partnerStatus: lease.partner.status }, activation: null }, now);
    if (!lease || code !== 'VALID') return answer(code);

    const mine = activationOf(lease, serverName);
    const current = currentActivation(lease);
    const moved = current !== null && current.id !== mine?.id;
    if (moved) await tx.activation.update({ where: { id: current.id }, data: { supersededAt: now } });
    const seen = { serverName, lastSeenAt: now, ip: input.ip ?? meta.ip, ...(input.fingerprint ? { fingerprint: input.fingerprint } : {}) };
    const activation = mine
      ? await tx.activation.update({ where: { id: mine.id }, data: { ...seen, supersededAt: null, flaggedAt: null } })
      : await tx.activation.create({ data: { leaseId: lease.id, firstSeenAt: now, ...seen } });
    await tx.lease.update({ where: { id: lease.id }, data: { serverName, serverNorm: serverNorm(serverName), lastSeenAt: now } });

    if (!mine || mine.supersededAt !== null) {
      await recordAudit(tx, serverMeta(meta, serverName), {
        partnerId: lease.partnerId,
        action: moved ? 'license.move' : 'license.activate',
        targetType: 'Lease',
        targetId: lease.id,
        before: { serverName: current?.serverName ?? null },
        after: { serverName, ip: seen.ip, fingerprint: activation.fingerprint },
      });
      await emitLeaseEvent(tx, lease.partnerId, 'license.activated', lease.id, now);
    }
    return answer('VALID', { license: entitlement(lease), activation: activationView(activation) });
  });
}
