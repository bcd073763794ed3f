import { stringifyDocument, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { toApiError } from './client.ts';

/**
 * Runs a GraphQL subscription over Server-Sent Events (POST /graphql, Accept: text/event-stream) and hands
 * each event's data to `onData` until the server ends the stream or `signal` aborts. Rejects with an
 * ApiError when the request or an event fails.
 */
export async function subscribe<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  onData: (data: Data) => void,
  signal?: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-graphql-csrf': '1' },
      body: JSON.stringify({ query: stringifyDocument(document), variables }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) return;
    throw toApiError({ networkError: error as Error, graphQLErrors: [] });
  }
  if (!response.ok || !response.body) throw toApiError({ networkError: new Error(`HTTP ${response.status}`), graphQLErrors: [], response });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read().catch((error: unknown) => {
      if (signal?.aborted) return { value: undefined, done: true as const };
      throw toApiError({ networkError: error as Error, graphQLErrors: [] });
    });
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data:')) continue;
      const text = line.slice(5).trim();
      if (!text) continue;
      const event = JSON.parse(text) as { data?: Data; errors?: { message: string; extensions?: Record<string, unknown> }[] };
      if (event.errors?.length) throw toApiError({ graphQLErrors: event.errors });
      if (event.data) onData(event.data);
    }
  }
}
