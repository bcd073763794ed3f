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

/** A request that failed before any data came back: offline, server error, or not allowed. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly kind: 'network' | 'forbidden' | 'server',
  ) {
    super(message);
  }
}

function toApiError(error: { networkError?: Error | undefined; graphQLErrors: { message: string }[] }): ApiError {
  if (error.networkError) return new ApiError('Cannot reach the server. Check your connection and try again.', 'network');
  const first = error.graphQLErrors[0]?.message ?? 'Unexpected error.';
  if (/not authorized/i.test(first)) return new ApiError('You are not allowed to see this.', 'forbidden');
  return new ApiError(first, 'server');
}

export async function query<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  on: Client = client,
): Promise<Data> {
  const result = await on.query(document, variables).toPromise();
  if (result.error) throw toApiError(result.error);
  if (!result.data) throw new ApiError('The server sent no data.', 'server');
  return result.data;
}

export async function mutate<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  on: Client = client,
): Promise<Data> {
  const result = await on.mutation(document, variables).toPromise();
  if (result.error) throw toApiError(result.error);
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
