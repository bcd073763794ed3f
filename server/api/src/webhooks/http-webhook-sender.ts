import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { classifyAddress, isAllowedAddress } from '@leaseboard/domain/webhooks/address.rules';
import type { WebhookRequest, WebhookResponse, WebhookSender } from '@leaseboard/domain/webhooks/webhook-sender';

/**
 * POSTs webhooks with node:http(s). The address check runs inside the socket's DNS lookup, so the address
 * connected to is the address checked (a host that re-resolves to 127.0.0.1 after registration is still
 * refused). Redirects are not followed: a 3xx is an answer like any other. The whole exchange is cut off
 * after timeoutMs; at most maxResponseBytes of the answer are read.
 */
export function createHttpWebhookSender(): WebhookSender {
  return { send };
}

function send(request: WebhookRequest): Promise<WebhookResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !isAllowedAddress(host, request.allowLoopback)) {
      reject(new Error(`Refused to connect to ${host}, a ${classifyAddress(host)} address`));
      return;
    }
    const lookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error, '', 0);
        const refused = addresses.find((a) => !isAllowedAddress(a.address, request.allowLoopback));
        if (refused) return callback(new Error(`Refused to connect to ${refused.address}, a ${classifyAddress(refused.address)} address`), '', 0);
        if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
    const body = Buffer.from(request.body);
    const issue = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = issue(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(body.length) },
      lookup,
      agent: false,
    });
    const timer = setTimeout(() => outgoing.destroy(new Error(`Timed out after ${request.timeoutMs / 1000} s`)), request.timeoutMs);
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let length = 0;
      const finish = () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, request.maxResponseBytes).toString('utf8') });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
        if (length >= request.maxResponseBytes) {
          response.destroy();
          finish();
        }
      });
      response.on('end', finish);
      response.on('error', finish);
    });
    outgoing.end(body);
  });
}
