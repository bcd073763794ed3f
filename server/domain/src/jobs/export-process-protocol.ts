import type { RunExportOutcome } from '../exports/run-customer-export.ts';

/** What the server sends the export process (over its IPC channel: the database URL stays out of `ps`). */
export interface ExportProcessRequest {
  exportId: number;
  lastAttempt: boolean;
  databaseUrl: string;
  dataDir: string;
  /** The server's clock when it started the process; the process's clock runs on from there. */
  now: string;
  chunkSize?: number;
}

/** The process's messages: ready for the request once loaded (a message sent earlier could be lost), then one answer just before it exits. */
export type ExportProcessMessage = { ready: true } | ExportProcessReply;
export type ExportProcessReply = { outcome: RunExportOutcome; maxRssMB: number } | { error: string };
