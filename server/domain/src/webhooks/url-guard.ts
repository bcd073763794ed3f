import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { fail, ok, type Result } from '../result.ts';
import { classifyAddress, isAllowedAddress } from './address.rules.ts';

export type WebhookUrlErrorCode = 'URL_INVALID' | 'URL_NOT_HTTPS' | 'URL_UNRESOLVABLE' | 'URL_ADDRESS_REFUSED';

/** Host name → its addresses. Tests inject their own; production asks the system resolver, as connecting would. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface UrlGuardOptions {
  allowLoopback: boolean;
  resolve: Resolver;
}

const MAX_URL_LENGTH = 2048;

/**
 * Checks a webhook URL against server-side request forgery: https only (plain http only to loopback when
 * loopback is allowed), no credentials in it, and every address the host resolves to must be public.
 * Run at registration and again before every delivery, since DNS can change in between.
 */
export async function checkWebhookUrl(raw: string, options: UrlGuardOptions): Promise<Result<{ url: URL; addresses: string[] }, WebhookUrlErrorCode>> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail('URL_INVALID', 'Enter an absolute https:// URL.', ['url']);
  }
  if (raw.length > MAX_URL_LENGTH || url.username || url.password || !['https:', 'http:'].includes(url.protocol)) {
    return fail('URL_INVALID', 'Enter an absolute https:// URL without a user name or password.', ['url']);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await options.resolve(host);
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) return fail('URL_UNRESOLVABLE', `${host} does not resolve to an address.`, ['url']);
  }
  const refused = addresses.find((address) => !isAllowedAddress(address, options.allowLoopback));
  if (refused) {
    return fail('URL_ADDRESS_REFUSED', `${host} resolves to ${refused}, a ${classifyAddress(refused)} address; webhooks go to public addresses only.`, ['url']);
  }
  const loopbackOnly = addresses.every((address) => classifyAddress(address) === 'loopback');
  if (url.protocol === 'http:' && !loopbackOnly) return fail('URL_NOT_HTTPS', 'Webhook URLs must use https://.', ['url']);
  return ok({ url, addresses });
}
