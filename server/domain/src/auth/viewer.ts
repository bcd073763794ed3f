import type { Role } from '@leaseboard/db';
import type { Scope } from './scopes.ts';

interface Base {
  scopes: ReadonlySet<Scope>;
  /** Who did it, for history and the audit log. */
  label: string;
}

export type Viewer =
  | ({ kind: 'anonymous' } & Base)
  | ({ kind: 'user'; userId: number; partnerId: number | null; role: Role; sessionId: string } & Base)
  | ({ kind: 'apiKey'; apiKeyId: number; partnerId: number } & Base);

export const anonymousViewer: Viewer = { kind: 'anonymous', scopes: new Set(), label: 'anonymous' };

/** The partner whose data the viewer works on; null for anonymous and for vendor staff. */
export function viewerPartnerId(viewer: Viewer): number | null {
  return viewer.kind === 'anonymous' ? null : viewer.partnerId;
}

export function isVendorStaff(viewer: Viewer): boolean {
  return viewer.kind === 'user' && viewer.role === 'ADMIN';
}

export function actorOf(viewer: Viewer): { actorUserId: number | null; actorApiKeyId: number | null; actorLabel: string } {
  return {
    actorUserId: viewer.kind === 'user' ? viewer.userId : null,
    actorApiKeyId: viewer.kind === 'apiKey' ? viewer.apiKeyId : null,
    actorLabel: viewer.label,
  };
}
