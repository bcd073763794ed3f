import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Reply = (res: ServerResponse, request: Received) => void;

/** A real webhook receiver on a loopback port: records every request; `reply` decides each answer (200 by default). */
export async function startReceiver() {
  const received: Received[] = [];
  const replies: Reply[] = [];
  let fallback: Reply = (res) => res.end('ok');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      (replies.shift() ?? fallback)(res, request);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    received,
    /** Answers the next requests with these, in turn; then the fallback. */
    replyNext(...next: Reply[]) {
      replies.push(...next);
    },
    replyAlways(reply: Reply) {
      fallback = reply;
    },
    reset() {
      received.length = 0;
      replies.length = 0;
      fallback = (res) => res.end('ok');
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

export const status = (code: number, body = '') => (res: ServerResponse) => {
  res.statusCode = code;
  res.end(body);
};
