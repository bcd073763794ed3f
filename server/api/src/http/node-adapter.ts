import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export const CLIENT_IP_HEADER = 'x-leaseboard-client-ip';

/** Bridges node:http to the app's fetch(Request) → Response, streaming both bodies. */
export function toNodeHandler(fetch: (request: Request) => Promise<Response>) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const host = req.headers.host ?? 'localhost';
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) value.forEach((v) => headers.append(key, v));
        else if (value !== undefined) headers.set(key, value);
      }
      // The peer address is the only client IP we trust; a header of that name from outside is dropped.
      headers.delete(CLIENT_IP_HEADER);
      if (req.socket.remoteAddress) headers.set(CLIENT_IP_HEADER, req.socket.remoteAddress);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const request = new Request(`http://${host}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
      } as RequestInit);
      const response = await fetch(request);
      res.statusCode = response.status;
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie') res.setHeader(key, value);
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length) res.setHeader('set-cookie', cookies);
      if (!response.body) return res.end();
      await pipeBody(response.body, res);
    } catch (error) {
      res.statusCode = 500;
      res.end('Internal error');
      console.error(error);
    }
  };
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
