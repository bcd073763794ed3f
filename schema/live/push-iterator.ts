/**
 * An async iterator fed by callbacks: `push` queues a value, `return()` (the client went away) stops at
 * once and calls `onClose`, even while a `next()` is waiting. Async generators cannot do the latter: their
 * return() waits for the pending await.
 */
export function pushIterator<T>(start: (push: (value: T) => void) => () => void): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let done = false;
  const stop = start((value) => {
    if (done) return;
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ value, done: false });
    } else queue.push(value);
  });
  const finish = async (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      stop();
      waiting?.({ value: undefined, done: true });
      waiting = null;
    }
    return { value: undefined, done: true };
  };
  return {
    next: () => {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: finish,
    throw: async (error) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
