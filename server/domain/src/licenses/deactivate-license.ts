import type { Db } from '@leaseboard/db';
import { emitLeaseEvent } from '../webhooks/emit-lease-event.ts';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import { activationView, answer, serverMeta, type LicenseAnswer, type LicenseRequest } from './license-answer.ts';
import { licenseCode } from './license-check.rules.ts';
import { activationOf, loadLicense, precheck } from './load-license.ts';
import type { RateLimitStore } from '../rate-limit/rate-limit-store.ts';

/**
 * A licensed server gives its key up (uninstall, decommission). Its activation gets deactivatedAt; when it
 * was the key's current server, the lease no longer shows a server name.
 */
export async function deactivateLicense(db: Db, store: RateLimitStore, meta: RequestMeta, input: LicenseRequest): Promise<LicenseAnswer> {
  const checked = await precheck(store, input.key, meta.at);
  if ('answer' in checked) return checked.answer;
  const now = meta.at;

  return db.$transaction(async (tx) => {
    const lease = await loadLicense(tx, checked.key, { lock: true });
    const mine = lease && activationOf(lease, input.serverName);
    const code = licenseCode('deactivate', { lease: lease && { status: lease.status, partnerStatus: lease.partner.status }, activation: mine }, now);
    if (!lease || !mine || code !== 'VALID') return answer(code);

    const activation = await tx.activation.update({ where: { id: mine.id }, data: { deactivatedAt: now } });
    const wasCurrent = mine.supersededAt === null;
    if (wasCurrent) await tx.lease.update({ where: { id: lease.id }, data: { serverName: null, serverNorm: null } });
    await recordAudit(tx, serverMeta(meta, input.serverName), {
      partnerId: lease.partnerId,
      action: 'license.deactivate',
      targetType: 'Lease',
      targetId: lease.id,
      before: { serverName: mine.serverName, current: wasCurrent },
      after: { deactivatedAt: now.toISOString() },
    });
    await emitLeaseEvent(tx, lease.partnerId, 'license.deactivated', lease.id, now);
    return answer('VALID', { activation: activationView(activation) });
  });
}
