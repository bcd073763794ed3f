import type { Running } from './boot.ts';

/** How long a stop may take (requests draining, jobs finishing) before the process leaves anyway. */
const STOP_DEADLINE_MS = 20_000;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface StopSignals {
  /** Aborted by the first SIGINT or SIGTERM: `boot` stops its start-up at the next step. */
  readonly startup: AbortSignal;
  /** The server is up: a signal that came during start-up stops it now, later ones when they come. */
  serve(running: Running): void;
  /** Start-up was abandoned because of the signal: the one line, and exit 0. */
  stoppedDuringStartup(): never;
}

/**
 * SIGTERM and SIGINT stop the server cleanly, also while it is starting: HTTP requests drain, jobs finish
 * or go back to the queue, the database closes, one line says so, and the exit code is 0. Repeated signals
 * while stopping (a terminal's Ctrl-C reaches `pnpm start` and the server both) are ignored. Listens from
 * the moment it is called, so call it before `boot`.
 */
export function stopOnSignals(log: (line: string) => void = (line) => console.log(line)): StopSignals {
  const startup = new AbortController();
  let received: { signal: NodeJS.Signals; at: number } | null = null;
  let running: Running | null = null;

  const stop = (server: Running, signal: NodeJS.Signals, started: number) => {
    server.stop().then(
      () => {
        log(`Leaseboard stopped (${signal}) in ${Date.now() - started} ms.`);
        process.exit(0);
      },
      (error: Error) => {
        console.error(`Leaseboard stopped with an error: ${error.message.split('\n')[0]}`);
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) return;
    received = { signal, at: Date.now() };
    setTimeout(() => {
      console.error(`Leaseboard did not stop within ${STOP_DEADLINE_MS / 1000} s of ${signal}; leaving anyway.`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    if (running) stop(running, signal, received.at);
    else startup.abort(signal);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);

  return {
    startup: startup.signal,
    serve(server) {
      running = server;
      if (received) stop(server, received.signal, received.at);
    },
    stoppedDuringStartup() {
      const { signal, at } = received ?? { signal: 'SIGTERM', at: Date.now() };
      log(`Leaseboard stopped (${signal}) during start-up in ${Date.now() - at} ms.`);
      process.exit(0);
    },
  };
}
