import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RunExportOutcome } from '../exports/run-customer-export.ts';
import type { ExportProcessMessage, ExportProcessReply, ExportProcessRequest } from './export-process-protocol.ts';

/** Set by `pnpm build` (server/api/scripts/build.mjs): the compiled export process, relative to this file. */
declare const LEASEBOARD_BUILT_EXPORT_PROCESS: string | undefined;
const built = typeof LEASEBOARD_BUILT_EXPORT_PROCESS === 'string' ? LEASEBOARD_BUILT_EXPORT_PROCESS : null;
const entry = fileURLToPath(new URL(built ?? './export-process.ts', import.meta.url));
/** From source the export process is TypeScript like the server and runs with tsx's loader; built, with plain node. */
export const EXPORT_PROCESS_EXEC_ARGV = built ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];

/** How long a process asked to stop may take to put its export back in the queue before it is killed. */
const STOP_GRACE_MS = 10_000;

/** The export process ended without an answer: it was killed, or crashed before it could reply. */
export class ExportProcessDied extends Error {
  override name = 'ExportProcessDied';
}

export interface ExportProcessResult {
  outcome: RunExportOutcome;
  /** The export process's peak resident set size. */
  maxRssMB: number;
}

export interface RunExportProcessOptions {
  /** Aborted when the worker is stopping: the process is asked to stop (SIGTERM), then killed. */
  signal?: AbortSignal;
  /** Given the process as soon as it is started (tests kill it midway). */
  onStart?: (child: ChildProcess) => void;
}

/**
 * Runs one export in a process of its own (export-process.ts) and resolves with its answer. The process
 * reads and writes the export with pg alone, so the export's memory is not the server's, and the
 * server's event loop only waits. It rejects with the process's error (for the log, never for a client),
 * or with ExportProcessDied.
 */
export function runExportProcess(request: ExportProcessRequest, options: RunExportProcessOptions = {}): Promise<ExportProcessResult> {
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], { execArgv: EXPORT_PROCESS_EXEC_ARGV, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr!.on('data', (data: Buffer) => (stderr = (stderr + data.toString()).slice(-4000)));
    let answer: ExportProcessReply | null = null;
    child.on('message', (message: ExportProcessMessage) => {
      if ('ready' in message) child.send(request);
      else answer = message;
    });

    const stop = () => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
    };
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });

    child.once('error', reject);
    child.once('exit', (code, signal) => {
      options.signal?.removeEventListener('abort', stop);
      const reply = answer as ExportProcessReply | null;
      if (reply && 'outcome' in reply && code === 0) resolve(reply);
      else if (reply && 'error' in reply) reject(new Error(`export process: ${reply.error}`));
      else reject(new ExportProcessDied(`export process ended (${signal ?? `exit code ${code}`}) without an answer${stderr ? `: ${stderr.trim()}` : ''}`));
    });
    options.onStart?.(child);
  });
}
