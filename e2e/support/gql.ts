export interface GqlResponse<T> {
  status: number;
  data: T;
  errors?: { message: string }[];
  headers: Headers;
}

/** One GraphQL request over HTTP, as an outside client (a cart with an API key, or a signed-in browser) sends it. */
export async function gql<T>(baseUrl: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GqlResponse<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: { message: string }[] };
  return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
}
