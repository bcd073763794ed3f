import type { WebhookUrlErrorCode } from './url-guard.ts';

export type WebhookErrorCode =
  | WebhookUrlErrorCode
  | 'ENDPOINT_NOT_FOUND'
  | 'ENDPOINT_DISABLED'
  | 'UNKNOWN_EVENT_TYPE'
  | 'DESCRIPTION_TOO_LONG'
  | 'TOO_MANY_ENDPOINTS'
  | 'DELIVERY_NOT_FOUND';

/** How a use case checks a URL: loopback allowed or not (config), and the resolver (system, or a test's). */
export interface UrlCheckDeps {
  allowLoopback: boolean;
  resolve: import('./url-guard.ts').Resolver;
}
