import type { Db } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { activationView, answer, entitlement, serverMeta, type LicenseAnswer, type LicenseRequest } from './license-answer.ts';
import { licenseCode } from './license-check.rules.ts';
import { activationOf, loadLicense, precheck } from './load-license.ts';
import type { RateLimitStore } from '../rate-limit/rate-limit-store.ts';

/**
 * The heartbeat of a licensed server. VALID refreshes lastSeenAt (the lease's too when this server is the
 * current one). A server whose activation was superseded more than 30 days ago gets
 * ALREADY_ACTIVE_ELSEWHERE and its activation is flagged, once; the key stays valid on its new server.
 */
export async function validateLicense(db: Db, store: RateLimitStore, meta: RequestMeta, input: LicenseRequest): Promise<LicenseAnswer> {
  const checked = await precheck(store, input.key, meta.at);
  if ('answer' in checked) return checked.answer;
  const now = meta.at;

  return db.$transaction(async (tx) => {
    const lease = await loadLicense(tx, checked.key, { lock: false });
    const mine = lease && activationOf(lease, input.serverName);
    const code = licenseCode('validate', { lease: lease && { status: lease.status, partnerStatus: lease.partner.status }, activation: mine }, now);
    if (!lease || !mine || (code !== 'VALID' && code !== 'ALREADY_ACTIVE_ELSEWHERE')) return answer(code);

    const seen = { lastSeenAt: now, ...(input.ip ? { ip: input.ip } : {}), ...(input.fingerprint ? { fingerprint: input.fingerprint } : {}) };
    if (code === 'ALREADY_ACTIVE_ELSEWHERE') {
      const flagged = mine.flaggedAt === null;
      const activation = await tx.activation.update({ where: { id: mine.id }, data: { ...seen, ...(flagged ? { flaggedAt: now } : {}) } });
      if (flagged) {
        await recordAudit(tx, serverMeta(meta, input.serverName), {
          partnerId: lease.partnerId,
          action: 'license.flag',
          targetType: 'Lease',
          targetId: lease.id,
          after: { serverName: mine.serverName, supersededAt: mine.supersededAt?.toISOString(), currentServerName: lease.serverName },
        });
      }
      return answer(code, { activation: activationView(activation) });
    }
    const activation = await tx.activation.update({ where: { id: mine.id }, data: seen });
    if (mine.supersededAt === null) await tx.lease.update({ where: { id: lease.id }, data: { lastSeenAt: now } });
    return answer('VALID', { license: entitlement(lease), activation: activationView(activation) });
  });
}
