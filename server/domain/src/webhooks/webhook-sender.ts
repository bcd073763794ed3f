/**
 * Sends one signed POST. The HTTP implementation lives in the composition root (the domain knows no
 * node:http); it must not follow redirects, must give up after `timeoutMs`, must read at most
 * `maxResponseBytes` of the answer, and must connect only to addresses `isAllowedAddress` accepts.
 */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResponse>;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  maxResponseBytes: number;
  allowLoopback: boolean;
}

export interface WebhookResponse {
  status: number;
  /** At most maxResponseBytes of the body, as text. */
  body: string;
}

export const DELIVERY_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 2048;
