/** The largest GraphQL request body; the largest mutation input is a few kilobytes. */
export const MAX_GRAPHQL_BODY_BYTES = 256 * 1024;

const readIntoMemory = new WeakSet<Request>();

/** Marks a request whose body is already a Buffer of exactly its Content-Length (node-adapter.ts). */
export function markReadIntoMemory(request: Request): Request {
  readIntoMemory.add(request);
  return request;
}

/**
 * The request with its body read into memory, or a 413 answer when the body is larger than `max` bytes
 * (by its Content-Length, or while reading when it has none). Requests without a body, and those already
 * read into memory within `max`, pass unchanged.
 */
export async function limitBody(request: Request, max: number): Promise<Request | Response> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > max) return tooLarge(max);
  if (readIntoMemory.has(request) || !request.body) return request;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      // Not cancelled: that would close the socket before the client could read the answer.
      reader.releaseLock();
      return tooLarge(max);
    }
    chunks.push(value);
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: Buffer.concat(chunks), signal: request.signal });
}

/** The connection is closed after it: the rest of the body is never read. */
function tooLarge(max: number): Response {
  return Response.json({ errors: [{ message: `The request body must be at most ${max} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }, { status: 413, headers: { connection: 'close' } });
}
