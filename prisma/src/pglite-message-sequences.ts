import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const SYNC = 0x53; // 'S': ends an extended-protocol sequence (Parse/Bind/Describe/Execute…)
const QUERY = 0x51; // 'Q': a simple query is a whole sequence on its own
const TERMINATE = 0x58; // 'X'

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: { isInTransaction(): boolean; runExclusive<T>(fn: () => Promise<T>): Promise<T>; execProtocolRawStream(m: Uint8Array, o: { onRawData(d: Uint8Array): void }): Promise<unknown> };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/**
 * pglite-socket shares one PGlite among many connections, switching between them per wire message unless
 * a transaction is open. A client's extended-protocol sequence (Parse, Bind, Execute … Sync) outside a
 * transaction can then interleave with another client's and lose its unnamed portal ("portal does not
 * exist"). This keeps serving the same connection until its sequence ends with Sync (or a simple Query),
 * and returns a way to run work between sequences.
 */
export function keepMessageSequencesTogether(
  server: PGLiteSocketServer,
  onNotification: (channel: string, payload: string) => void = () => {},
): BetweenSequences {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let midSequence = false;
  const waiting: Array<() => Promise<void>> = [];

  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        if (waiting.length && !midSequence && !this.db.isInTransaction()) {
          await waiting.shift()!();
          continue;
        }
        if (this.queue.length === 0) break;
        const stay = this.lastHandlerId !== null && (midSequence || this.db.isInTransaction());
        const index = stay ? this.queue.findIndex((q) => q.handlerId === this.lastHandlerId) : 0;
        if (index === -1) break;
        const [item] = this.queue.splice(index, 1);
        if (!item) break;
        let bytes = 0;
        const notifications = notificationReader(onNotification);
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                notifications(data);
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          item.reject(error);
          midSequence = false;
          continue;
        }
        this.lastHandlerId = item.handlerId;
        const type = item.message[0];
        midSequence = !(type === SYNC || type === QUERY || type === TERMINATE || type === 0);
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const between: BetweenSequences = (work) =>
    new Promise((resolve, reject) => {
      waiting.push(() => work().then(resolve, reject));
      void queue.processQueue();
    });

  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (queue.lastHandlerId === handlerId) {
      midSequence = false;
      void queue.processQueue();
    }
  };
  return between;
}

/**
 * Runs work on the database when no client is inside a transaction or a message sequence, with every
 * client's next message held until it is done: what it sees is a consistent state (backups).
 */
export type BetweenSequences = <T>(work: () => Promise<T>) => Promise<T>;

const NOTIFICATION = 0x41; // 'A': NotificationResponse (process id, channel, payload)

/**
 * Reads NotificationResponse messages out of the backend's answers as they stream to a client. The socket
 * server shares one backend between its clients, so a NOTIFY committed by any client comes back in that
 * client's answer; the process that runs PGlite hears it here (see EmbeddedPostgres.listen).
 */
function notificationReader(onNotification: (channel: string, payload: string) => void): (data: Uint8Array) => void {
  let pending = new Uint8Array(0);
  return (data) => {
    const bytes = pending.length ? concat(pending, data) : data;
    let at = 0;
    while (bytes.length - at >= 5) {
      const length = new DataView(bytes.buffer, bytes.byteOffset + at + 1, 4).getInt32(0);
      if (bytes.length - at < 1 + length) break;
      if (bytes[at] === NOTIFICATION) {
        const body = bytes.subarray(at + 9, at + 1 + length);
        const channelEnd = body.indexOf(0);
        const payloadEnd = body.indexOf(0, channelEnd + 1);
        const text = new TextDecoder();
        onNotification(text.decode(body.subarray(0, channelEnd)), text.decode(body.subarray(channelEnd + 1, payloadEnd)));
      }
      at += 1 + length;
    }
    pending = bytes.slice(at);
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
