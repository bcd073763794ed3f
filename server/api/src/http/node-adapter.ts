import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { Headers as LeanHeaders, Request as LeanRequest } from '@whatwg-node/fetch';
import { markReadIntoMemory, MAX_GRAPHQL_BODY_BYTES } from './body-limit.ts';

export const CLIENT_IP_HEADER = 'x-leaseboard-client-ip';

/**
 * A body (request or response) of at most this many bytes, by its Content-Length, is handed over whole;
 * a larger one, or one without a length (an export, an event stream), is streamed. Every GraphQL request
 * the API accepts is within it.
 */
export const WHOLE_BODY_BYTES = MAX_GRAPHQL_BODY_BYTES;

/**
 * Bridges node:http to the app's fetch(Request) → Response.
 *
 * Most requests are small GraphQL posts and most answers small JSON documents, so both are passed whole
 * when their length is known: the request as whatwg-node's Request (the class yoga's own answers use,
 * which makes no web stream or AbortSignal until one is asked for), its body read from the socket into a
 * Buffer, and the answer written with one `end`. Anything else is streamed both ways, waiting for drain
 * so a large download never piles up in memory.
 */
export function toNodeHandler(fetch: (request: Request) => Promise<Response>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const response = await fetch(await requestOf(req));
      res.statusCode = response.status;
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie') res.setHeader(key, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) res.setHeader('set-cookie', cookies);
      if (knownLength(response.headers) <= WHOLE_BODY_BYTES) return res.end(await bytesOf(response));
      if (!response.body) return res.end();
      await pipeBody(response.body, res);
    } catch (error) {
      res.statusCode = 500;
      res.end('Internal error');
      console.error(error);
    }
  };
}

async function requestOf(req: IncomingMessage): Promise<Request> {
  const headers = new LeanHeaders();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
    else if (value !== undefined) headers.set(key, value);
  }
  // The peer address is the only client IP we trust; a header of that name from outside is dropped.
  headers.delete(CLIENT_IP_HEADER);
  if (req.socket.remoteAddress) headers.set(CLIENT_IP_HEADER, req.socket.remoteAddress);
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  if (req.method === 'GET' || req.method === 'HEAD') return new LeanRequest(url, { method: req.method, headers }) as unknown as Request;
  if (knownLength(headers) <= WHOLE_BODY_BYTES) {
    const request = new LeanRequest(url, { method: req.method, headers, body: await readWhole(req) }) as unknown as Request;
    return markReadIntoMemory(request);
  }
  return new Request(url, { method: req.method, headers, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit);
}

/** The Content-Length, or Infinity when there is none. */
function knownLength(headers: { get(name: string): string | null }): number {
  const declared = headers.get('content-length');
  return declared === null || declared === '' ? Infinity : Number(declared);
}

/** The answer's bytes, not copied: whatwg-node's Response gives the Buffer it holds, undici's an ArrayBuffer. */
async function bytesOf(response: Response): Promise<Uint8Array> {
  const body: ArrayBuffer | Uint8Array = await response.arrayBuffer();
  return body instanceof Uint8Array ? body : new Uint8Array(body);
}

/** The body as one Buffer; node's HTTP parser has already held it to its Content-Length. */
function readWhole(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)) as Uint8Array<ArrayBuffer>));
    req.on('error', reject);
  });
}

/** Copies a web body to the socket, waiting for drain so a large download never piles up in memory. */
async function pipeBody(body: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = body.getReader();
  res.on('close', () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch {
    res.destroy();
  }
}
