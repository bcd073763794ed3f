import type { Resolver } from './url-guard.ts';

export const WEBHOOK_ERROR_CODES = [
  'URL_INVALID',
  'URL_NOT_HTTPS',
  'URL_UNRESOLVABLE',
  'URL_ADDRESS_REFUSED',
  'ENDPOINT_NOT_FOUND',
  'ENDPOINT_DISABLED',
  'UNKNOWN_EVENT_TYPE',
  'DESCRIPTION_TOO_LONG',
  'TOO_MANY_ENDPOINTS',
  'DELIVERY_NOT_FOUND',
] as const;

export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[number];

/** How a use case checks a URL: loopback allowed or not (config), and the resolver (system, or a test's). */
export interface UrlCheckDeps {
  allowLoopback: boolean;
  resolve: Resolver;
}
