import type { Running } from './boot.ts';

/** How long a stop may take (requests draining, jobs finishing) before the process leaves anyway. */
const STOP_DEADLINE_MS = 20_000;

/**
 * SIGTERM and SIGINT stop the server cleanly: HTTP requests drain, jobs finish or go back to the queue,
 * the database closes, one line says so, and the exit code is 0. Repeated signals while stopping (a
 * terminal's Ctrl-C reaches `pnpm start` and the server both) are ignored.
 */
export function stopOnSignals(running: Running, log: (line: string) => void = (line) => console.log(line)): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    setTimeout(() => {
      console.error(`Leaseboard did not stop within ${STOP_DEADLINE_MS / 1000} s of ${signal}; leaving anyway.`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    running.stop().then(
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
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
