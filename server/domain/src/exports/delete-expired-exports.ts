import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '@leaseboard/db';
import { exportsDir } from './export-files.ts';

/**
 * How long after an export ended its leftover files are left alone: an attempt the queue gave up on may
 * still be writing its `.part` for a while after another attempt finished.
 */
export const LEFTOVER_GRACE_MS = 3600_000;

/** An export's final file (`export-<id>.csv|jsonl`) or an attempt's partial file (`export-<id>.<attempt>.part`). */
const EXPORT_FILE = /^export-(\d{1,9})\.(?:csv|jsonl|[^.]+\.part)$/;

export interface DeletedExports {
  /** Exports whose link had expired: file deleted, now EXPIRED. */
  expired: number[];
  /** Other files deleted from DATA_DIR/exports (leftovers of ended or deleted exports), by name. */
  leftovers: string[];
}

/**
 * Deletes what nobody can download any more:
 * 1. the file of every SUCCEEDED export whose link expired (expiresAt ≤ now); the export becomes EXPIRED
 *    with no filePath. The file goes first, so a sweep that stops halfway is finished by the next one.
 * 2. files in DATA_DIR/exports of exports that no longer exist (their partner was deleted), and of exports
 *    that ended (FAILED, EXPIRED, or a `.part` beside a SUCCEEDED file) more than LEFTOVER_GRACE_MS ago.
 * Files of QUEUED and RUNNING exports are never touched, nor the file of a SUCCEEDED export, nor anything
 * whose name is not an export's.
 */
export async function deleteExpiredExports(db: Db, dataDir: string, now: Date): Promise<DeletedExports> {
  const expired: number[] = [];
  const due = await db.export.findMany({ where: { status: 'SUCCEEDED', expiresAt: { lte: now } }, select: { id: true, filePath: true }, orderBy: { id: 'asc' } });
  for (const row of due) {
    if (row.filePath) await rm(row.filePath, { force: true });
    const { count } = await db.export.updateMany({ where: { id: row.id, status: 'SUCCEEDED' }, data: { status: 'EXPIRED', filePath: null } });
    if (count === 1) expired.push(row.id);
  }

  const dir = exportsDir(dataDir);
  const files = (await readdir(dir, { withFileTypes: true }).catch(notFoundAsEmpty))
    .filter((entry) => entry.isFile())
    .flatMap((entry) => {
      const match = EXPORT_FILE.exec(entry.name);
      return match ? [{ name: entry.name, exportId: Number(match[1]), partial: entry.name.endsWith('.part') }] : [];
    });
  if (files.length === 0) return { expired, leftovers: [] };

  const rows = await db.export.findMany({
    where: { id: { in: [...new Set(files.map((file) => file.exportId))] } },
    select: { id: true, status: true, finishedAt: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const endedBefore = now.getTime() - LEFTOVER_GRACE_MS;
  const leftovers: string[] = [];
  for (const file of files.sort((a, b) => a.name.localeCompare(b.name))) {
    const row = byId.get(file.exportId);
    const ended = row?.status === 'FAILED' || row?.status === 'EXPIRED' || (row?.status === 'SUCCEEDED' && file.partial);
    const longAgo = !row?.finishedAt || row.finishedAt.getTime() <= endedBefore;
    if (!row || (ended && longAgo)) {
      await rm(join(dir, file.name), { force: true });
      leftovers.push(file.name);
    }
  }
  return { expired, leftovers };
}

function notFoundAsEmpty(error: NodeJS.ErrnoException): [] {
  if (error.code === 'ENOENT') return [];
  throw error;
}
