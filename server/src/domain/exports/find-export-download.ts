import { timingSafeEqual } from 'node:crypto';
import type { Db } from '@leaseboard/db';
import { exportContentType, exportFileName, type ExportFormat } from '../customers/customer-export.rules.ts';

export type ExportDownload =
  | { ok: true; filePath: string; fileName: string; contentType: string }
  | { ok: false; code: 'NOT_FOUND' | 'EXPIRED' };

/**
 * The file behind a download link, if the token is the export's and has not expired. A wrong token and
 * an unknown export look the same.
 */
export async function findExportDownload(db: Db, exportId: number, token: string, now: Date): Promise<ExportDownload> {
  const row = await db.export.findUnique({
    where: { id: exportId },
    select: { status: true, downloadToken: true, expiresAt: true, filePath: true, format: true, finishedAt: true },
  });
  if (!row || row.status !== 'SUCCEEDED' || !row.downloadToken || !row.filePath || !sameToken(row.downloadToken, token)) {
    return { ok: false, code: 'NOT_FOUND' };
  }
  if (!row.expiresAt || row.expiresAt <= now) return { ok: false, code: 'EXPIRED' };
  const format = row.format as ExportFormat;
  return { ok: true, filePath: row.filePath, fileName: exportFileName(format, row.finishedAt ?? now), contentType: exportContentType(format) };
}

function sameToken(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
