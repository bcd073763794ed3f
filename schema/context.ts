import type { ApiKeyCache } from '@leaseboard/domain/auth/verified-api-keys';
import type { Viewer } from '@leaseboard/domain/auth/viewer';
import type { Services } from '@leaseboard/domain/services';

/** Per request and read-only, apart from the cookies a mutation asks to set. */
export interface Context extends Services {
  viewer: Viewer;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  requestHeaders: Headers;
  /** API keys this app verified recently; a revocation here must forget the key. */
  verifiedApiKeys: ApiKeyCache;
  responseCookies: string[];
}
