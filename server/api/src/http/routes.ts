import type { Services } from '@leaseboard/domain/services';

/**
 * A non-GraphQL HTTP route (downloads, exports, license activation). It answers the requests it owns
 * and returns null for the rest. Each module adds its own to `routes` in http/route-list.ts.
 */
export type Route = (request: Request, url: URL, services: Services) => Promise<Response | null> | Response | null;
