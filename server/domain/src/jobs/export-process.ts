import pg from 'pg';
import { runCustomerExport } from '../exports/run-customer-export.ts';
import { peakRssMB } from '../peak-rss.ts';
import type { ExportProcessMessage, ExportProcessRequest } from './export-process-protocol.ts';

/**
 * The export process: one customer export, in a process of its own that the server forks for it
 * (run-export-process.ts). It loads pg and the export's own modules, not the Prisma client or the API,
 * so its memory is the export's: the runtime plus a few chunks. It takes one request over IPC, answers
 * once and exits (the protocol: export-process-protocol.ts). SIGTERM, or the server going away (the IPC channel closes), ends the attempt the way
 * a failure does: the partial file is removed and the export goes back to the queue; an attempt that cannot
 * end within 3 s (a query waiting on a lock) is left behind and the process exits anyway, never an orphan.
 */
const stop = new AbortController();
/** How long a stopped attempt may take to clean up (it may wait on a lock) before the process just leaves. */
const STOP_DEADLINE_MS = 3_000;
const stopWith = (reason: string) => {
  if (stop.signal.aborted) return;
  stop.abort(new Error(reason));
  // Left without an answer, the export's job is retried and the retry removes the partial file.
  setTimeout(() => process.exit(1), STOP_DEADLINE_MS);
};
process.once('SIGTERM', () => stopWith('the export process was asked to stop'));
process.once('disconnect', () => stopWith('the server that started the export process went away'));

function tell(message: ExportProcessMessage): Promise<void> {
  if (!process.connected) return Promise.resolve();
  return new Promise((done) => process.send!(message, () => done()));
}

process.once('message', async (request: ExportProcessRequest) => {
  const startedAt = Date.parse(request.now);
  const started = performance.now();
  const clock = { now: () => new Date(startedAt + Math.round(performance.now() - started)) };
  const pool = new pg.Pool({ connectionString: request.databaseUrl, max: 3 });
  pool.on('error', () => {});
  let exitCode = 0;
  try {
    const outcome = await runCustomerExport({ pool, clock, dataDir: request.dataDir }, request.exportId, {
      lastAttempt: request.lastAttempt,
      signal: stop.signal,
      ...(request.chunkSize ? { chunkSize: request.chunkSize } : {}),
    });
    await tell({ outcome, maxRssMB: peakRssMB() });
  } catch (error) {
    exitCode = 1;
    await tell({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  } finally {
    await pool.end().catch(() => {});
  }
  process.exit(exitCode);
});

await tell({ ready: true });
