import type { Prisma } from '@leaseboard/db';
import { actorOf, type Viewer } from '../auth/viewer.ts';
import type { Tx } from '../tx.ts';
import type { AuditAction } from './audit-actions.ts';

export interface AuditEntry {
  partnerId: number | null;
  action: AuditAction;
  targetType: string;
  targetId: string | number | null;
  before?: unknown;
  after?: unknown;
}

export interface RequestMeta {
  viewer: Viewer;
  ip: string | null;
  requestId: string;
  at: Date;
}

/** Writes one audit-log row in the caller's transaction, so it exists exactly when the change does. */
export async function recordAudit(tx: Tx, meta: RequestMeta, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      ...actorOf(meta.viewer),
      partnerId: entry.partnerId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId === null ? null : String(entry.targetId),
      before: (entry.before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (entry.after ?? undefined) as Prisma.InputJsonValue | undefined,
      ip: meta.ip,
      requestId: meta.requestId,
      createdAt: meta.at,
    },
  });
}
