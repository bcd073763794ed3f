import type { Plugin, YogaServerOptions } from 'graphql-yoga';
import type { Context } from '@leaseboard/schema/context';

/**
 * The header that marks a GraphQL request as sent by script, not by a form or a link on a foreign page:
 * yoga's CSRF prevention refuses a GET or a "simple" POST without it (403). The admin sends it on every request.
 */
export const CSRF_HEADER = 'x-graphql-csrf';

/** Bodies a browser sends from a foreign page without a preflight: never a GraphQL request here (415). */
const FORM_BODIES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export function refuseFormBodies(): Plugin<Context> {
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'POST') return;
      const type = (request.headers.get('content-type') ?? '').toLowerCase();
      if (FORM_BODIES.some((form) => type.startsWith(form))) {
        endResponse(
          Response.json(
            { errors: [{ message: 'Send GraphQL requests as application/json.', extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] },
            { status: 415 },
          ),
        );
      }
    },
  };
}

/**
 * CORS off unless CORS_ORIGINS lists origins; an origin on the list gets itself back with credentials,
 * any other (`null` included) gets no CORS headers at all: the browser then keeps the answer from the page.
 */
export function corsFor(allowed: readonly string[]): YogaServerOptions<Record<string, unknown>, Context>['cors'] {
  if (!allowed.length) return false;
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (!origin || !allowed.includes(origin)) return false;
    return { origin: [origin], credentials: true, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', CSRF_HEADER, 'x-request-id'], maxAge: 600 };
  };
}

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** The admin: its own scripts and styles (SvelteKit starts with one inline script), the API, nothing else. */
const ADMIN_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/** GraphiQL, served from our own packages with its script and styles inline (render-graphiql): no other host. */
const GRAPHIQL_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/** Everything that is not a page (JSON, PDF, CSV). */
const NOT_A_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Security headers on every answer: no sniffing, no referrer, no framing, and a CSP that fits what it is. */
export function withSecurityHeaders(response: Response, pathname: string): Response {
  const headers = response.headers;
  try {
    for (const [name, value] of Object.entries(COMMON)) headers.set(name, value);
  } catch {
    return withSecurityHeaders(new Response(response.body, response), pathname); // immutable headers (a fetched response)
  }
  const html = (headers.get('content-type') ?? '').startsWith('text/html');
  headers.set('content-security-policy', !html ? NOT_A_PAGE_CSP : pathname.startsWith('/graphql') ? GRAPHIQL_CSP : ADMIN_CSP);
  return response;
}
