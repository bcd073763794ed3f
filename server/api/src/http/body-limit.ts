/** The largest GraphQL request body; the largest mutation input is a few kilobytes. */
export const MAX_GRAPHQL_BODY_BYTES = 256 * 1024;

/**
 * The request with its body read into memory, or a 413 answer when the body is larger than `max` bytes
 * (by its Content-Length, or while reading when it has none). Requests without a body pass unchanged.
 */
export async function limitBody(request: Request, max: number): Promise<Request | Response> {
  if (!request.body) return request;
  const declared = Number(request.headers.get('content-length'));
  if (declared > max) return tooLarge(max);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return tooLarge(max);
    }
    chunks.push(value);
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: Buffer.concat(chunks), signal: request.signal });
}

function tooLarge(max: number): Response {
  return Response.json({ errors: [{ message: `The request body must be at most ${max} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }, { status: 413 });
}
