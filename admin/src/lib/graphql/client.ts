import { Client, fetchExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';

/**
 * Every request goes to the network (lease data changes under the user: other staff, API keys), and as a POST:
 * search terms such as customer emails stay out of URLs and access logs. The x-graphql-csrf header tells the
 * server the request comes from script, not from a form on a foreign page (its CSRF prevention requires it).
 */
export function createClient(url = '/graphql'): Client {
  return new Client({
    url,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    preferGetMethod: false,
    fetchOptions: { credentials: 'same-origin', headers: { 'x-graphql-csrf': '1' } },
  });
}

export const client = createClient();

/**
 * Why a request failed, told apart so the screen says what happened: the browser is offline or the server
 * cannot be reached, the server failed (with the request id support needs), the session has ended, or the
 * viewer's role does not allow it.
 */
export type ApiErrorKind = 'offline' | 'server' | 'unauthenticated' | 'forbidden';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

interface FailedResult {
  networkError?: Error | undefined;
  graphQLErrors: { message: string; extensions?: Record<string, unknown> }[];
  response?: unknown;
}

let onSignedOut: (() => void) | null = null;

/** What to do when the server says nobody is signed in any more (the signed-in layout sends the person to sign-in). */
export function whenSignedOut(handler: (() => void) | null): void {
  onSignedOut = handler;
}

export function toApiError(error: FailedResult): ApiError {
  const response = error.response instanceof Response ? error.response : null;
  const headerId = response?.headers.get('x-request-id') ?? null;
  if (error.networkError) {
    if (response && response.status >= 500) return serverError(headerId, response.status);
    if (response?.status === 401) return new ApiError(SIGNED_OUT, 'unauthenticated');
    if (!response) {
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      return new ApiError(offline ? 'You are offline. Check your connection and try again.' : 'Cannot reach the server. Check your connection and try again.', 'offline');
    }
    return serverError(headerId, response.status);
  }
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.['code'];
  if (code === 'UNAUTHENTICATED') return new ApiError(SIGNED_OUT, 'unauthenticated');
  if (code === 'FORBIDDEN' || /^not authorized/i.test(first?.message ?? '')) return new ApiError('Your role does not allow this.', 'forbidden');
  if (code === 'INTERNAL_SERVER_ERROR' || !first) {
    const requestId = typeof first?.extensions?.['requestId'] === 'string' ? (first.extensions['requestId'] as string) : headerId;
    return serverError(requestId);
  }
  return new ApiError(first.message, 'server', headerId);
}

const SIGNED_OUT = 'Your session has ended. Sign in again.';

function serverError(requestId: string | null, status?: number): ApiError {
  const what = status ? `The server failed (HTTP ${status}).` : 'The server failed.';
  const ref = requestId ? ` If it keeps happening, give support this request id: ${requestId}` : '';
  return new ApiError(`${what} Try again in a moment.${ref}`, 'server', requestId);
}

function failed(error: FailedResult): ApiError {
  const problem = toApiError(error);
  if (problem.kind === 'unauthenticated') onSignedOut?.();
  return problem;
}

export async function query<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  on: Client = client,
): Promise<Data> {
  const result = await on.query(document, variables).toPromise();
  if (result.error) throw failed(result.error);
  if (!result.data) throw new ApiError('The server sent no data.', 'server');
  return result.data;
}

export async function mutate<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  on: Client = client,
): Promise<Data> {
  const result = await on.mutation(document, variables).toPromise();
  if (result.error) throw failed(result.error);
  if (!result.data) throw new ApiError('The server sent no data.', 'server');
  return result.data;
}

/** A fresh idempotency key per form submission. */
export function idempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Plain-HTTP origins other than localhost have no randomUUID; build a v4 UUID from random bytes.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'Unexpected error.';
}
