import type { App } from '../../src/app.ts';

export interface LiveUpdate {
  type: string;
  lease: { leaseNumber: number; status: string } | null;
  invoice?: { number: string; status: string } | null;
}

export const LIVE_UPDATES = 'subscription { liveUpdates { type lease { leaseNumber status } } }';

/** Opens `liveUpdates` over SSE on an app; `until` resolves with the updates once one matches. */
export async function openLiveStream(app: App, headers: Record<string, string>, query = LIVE_UPDATES) {
  const abort = new AbortController();
  const response = await app.fetch(
    new Request('http://test.local/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
      body: JSON.stringify({ query }),
      signal: abort.signal,
    }),
  );
  if (!response.headers.get('content-type')?.includes('text/event-stream')) throw new Error(`not an event stream: ${response.status} ${await response.text()}`);
  const reader = response.body!.getReader();
  const updates: LiveUpdate[] = [];
  let buffer = '';
  return {
    updates,
    async until(found: (update: LiveUpdate) => boolean): Promise<LiveUpdate[]> {
      const decoder = new TextDecoder();
      while (!updates.some(found)) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          if (line.startsWith('data: ') && line.length > 6) updates.push((JSON.parse(line.slice(6)) as { data: { liveUpdates: LiveUpdate } }).data.liveUpdates);
        }
      }
      return updates;
    },
    close() {
      abort.abort();
      void reader.cancel().catch(() => {});
    },
  };
}
