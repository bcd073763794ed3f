import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { limitBody, MAX_GRAPHQL_BODY_BYTES } from '../src/http/body-limit.ts';
import { CLIENT_IP_HEADER, toNodeHandler, WHOLE_BODY_BYTES } from '../src/http/node-adapter.ts';

/** What the app saw of a request, sent back as JSON. */
interface Seen {
  method: string;
  url: string;
  clientIp: string | null;
  bodyBytes: number[] | null;
}

let answer: (request: Request) => Promise<Response> = echo;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(toNodeHandler((request) => answer(request)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  answer = echo;
});

/** As app.ts does for /graphql: the body within the limit (or its 413), then what was seen. */
async function echo(request: Request): Promise<Response> {
  const limited = await limitBody(request, MAX_GRAPHQL_BODY_BYTES);
  if (limited instanceof Response) return limited;
  const seen: Seen = {
    method: request.method,
    url: request.url,
    clientIp: request.headers.get(CLIENT_IP_HEADER),
    bodyBytes: request.method === 'GET' ? null : [...new Uint8Array(await limited.arrayBuffer())],
  };
  return Response.json(seen);
}

/** A raw HTTP exchange: the status, the headers as node received them, and the body. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; chunks?: Buffer[] } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

const utf8 = Buffer.from('{"query":"{ me { kind } }","variables":{"name":"Zoë 東京 🚀"}}');

describe('the request the app is given', () => {
  it('carries a body with a Content-Length whole, byte for byte', async () => {
    const response = await send('/graphql?x=1', { method: 'POST', headers: { 'content-length': String(utf8.length) }, chunks: [utf8.subarray(0, 7), utf8.subarray(7)] });
    const seen = JSON.parse(response.body.toString()) as Seen;
    expect(seen).toMatchObject({ method: 'POST', url: expect.stringMatching(/\/graphql\?x=1$/) });
    expect(Buffer.from(seen.bodyBytes!)).toEqual(utf8);
  });

  it('streams a body without a Content-Length, and it arrives whole', async () => {
    const response = await send('/graphql', { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, chunks: [utf8.subarray(0, 10), utf8.subarray(10)] });
    const seen = JSON.parse(response.body.toString()) as Seen;
    expect(Buffer.from(seen.bodyBytes!)).toEqual(utf8);
  });

  it('is refused (413) past the limit, by its Content-Length or while it streams, and the client reads why', async () => {
    const big = Buffer.alloc(MAX_GRAPHQL_BODY_BYTES + 1, 0x61);
    const declared = await send('/graphql', { method: 'POST', headers: { 'content-length': String(big.length) }, chunks: [big] });
    const streamed = await send('/graphql', { method: 'POST', headers: { 'transfer-encoding': 'chunked' }, chunks: [big.subarray(0, 100_000), big.subarray(100_000)] });
    for (const response of [declared, streamed]) {
      expect(response.status).toBe(413);
      expect(response.headers['connection']).toBe('close');
      expect(JSON.parse(response.body.toString()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    }
  });

  it('takes a body of exactly the limit whole', async () => {
    const edge = Buffer.alloc(WHOLE_BODY_BYTES, 0x62);
    const response = await send('/graphql', { method: 'POST', headers: { 'content-length': String(edge.length) }, chunks: [edge] });
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body.toString()) as Seen).bodyBytes).toHaveLength(WHOLE_BODY_BYTES);
  });

  it('names the peer as the client, whatever the client says it is', async () => {
    const response = await send('/', { headers: { [CLIENT_IP_HEADER]: '203.0.113.9' } });
    expect((JSON.parse(response.body.toString()) as Seen).clientIp).toBe('127.0.0.1');
  });
});

describe('the answer the client is sent', () => {
  it('has a Content-Length when the app gave one, and is not chunked', async () => {
    answer = async () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json', 'content-length': '11' } });
    const response = await send('/');
    expect(response.headers['content-length']).toBe('11');
    expect(response.headers['transfer-encoding']).toBeUndefined();
    expect(response.body.toString()).toBe('{"ok":true}');
  });

  it('streams a body of unknown length to its end', async () => {
    const part = Buffer.alloc(64 * 1024, 0x63);
    answer = async () => {
      let left = 40;
      return new Response(new ReadableStream({ pull: (controller) => (left-- > 0 ? controller.enqueue(part) : controller.close()) }), { headers: { 'content-type': 'text/csv' } });
    };
    const response = await send('/');
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.body.length).toBe(40 * part.length);
  });

  it('keeps every Set-Cookie and the status', async () => {
    answer = async () => {
      const headers = new Headers({ 'content-type': 'text/plain' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      return new Response('made', { status: 201, headers });
    };
    const response = await send('/');
    expect(response.status).toBe(201);
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(response.body.toString()).toBe('made');
  });

  it('answers a HEAD with the headers only', async () => {
    answer = async () => new Response('not sent', { headers: { 'content-length': '8' } });
    const response = await send('/', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(0);
  });
});
