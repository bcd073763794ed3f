/**
 * The liveUpdates subscription, shared by every page that wants it: one Server-Sent Events stream while at
 * least one listener is registered, opened again (after 2 s) when it ends. Lists call
 * `onLiveUpdate(['lease.'], () => list.load())` in an $effect and refetch when a matching change commits;
 * a page about one object checks `update.leaseNumber` or `update.invoiceId` first.
 */
export interface LiveUpdate {
  type: string;
  leaseNumber: number | null;
  invoiceId: string | null;
}

type Listener = { prefixes: readonly string[]; run: (update: LiveUpdate) => void };

const QUERY = 'subscription LiveUpdates { liveUpdates { type leaseNumber invoiceId } }';
const listeners = new Set<Listener>();
let abort: AbortController | null = null;

export function onLiveUpdate(prefixes: readonly string[], run: (update: LiveUpdate) => void): () => void {
  const listener = { prefixes, run };
  listeners.add(listener);
  if (!abort) connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      abort?.abort();
      abort = null;
    }
  };
}

/**
 * `run` at once, then at most once a second while changes keep coming (a billing run announces thousands of
 * invoices): what a list refetching on every change wants.
 */
export function coalesced(run: () => void, ms = 1000): () => void {
  let waiting: ReturnType<typeof setTimeout> | null = null;
  let again = false;
  const fire = () => {
    run();
    waiting = setTimeout(() => {
      waiting = null;
      if (again) {
        again = false;
        fire();
      }
    }, ms);
  };
  return () => {
    if (waiting) again = true;
    else fire();
  };
}

/** Hands each `data:` line's update to the listeners whose prefixes match its type. */
export function dispatch(line: string): void {
  if (!line.startsWith('data: ')) return;
  const update = (JSON.parse(line.slice(6)) as { data?: { liveUpdates?: LiveUpdate } }).data?.liveUpdates;
  if (!update?.type) return;
  for (const listener of listeners) if (listener.prefixes.some((p) => update.type.startsWith(p))) listener.run(update);
}

function connect(): void {
  const controller = new AbortController();
  abort = controller;
  void stream(controller.signal)
    .catch(() => {})
    .finally(() => {
      if (abort === controller) setTimeout(() => abort === controller && connect(), 2000);
    });
}

async function stream(signal: AbortSignal): Promise<void> {
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: QUERY }),
    signal,
  });
  if (!response.ok || !response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    lines.forEach(dispatch);
  }
}
