import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The running embedded server's control port, on loopback only: `POST /backup` with the token from the
 * data directory's lock (readable by its owner only) answers a consistent gzipped tarball of the data
 * directory. `pnpm db:backup` uses it so that backups never open the directory a second time.
 */
export async function startControlPort(options: { token: string; backup(): Promise<Blob> }): Promise<{ url: string; stop(): Promise<void> }> {
  const expected = Buffer.from(`Bearer ${options.token}`);
  const server = createServer((request, response) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      response.writeHead(401).end();
      return;
    }
    if (request.method !== 'POST' || request.url !== '/backup') {
      response.writeHead(404).end();
      return;
    }
    options.backup().then(
      async (blob) => {
        response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': String(blob.size) });
        response.end(Buffer.from(await blob.arrayBuffer()));
      },
      (error: Error) => {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(error.message.split('\n')[0]);
      },
    );
  });
  await new Promise<void>((done, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}
