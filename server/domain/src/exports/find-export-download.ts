import type { Db } from '@leaseboard/db';
import { exportContentType, exportFileName, type ExportFormat } from '../customers/customer-export.rules.ts';
import { isExportDownloadToken } from './download-token.ts';

export type ExportDownload =
  | { ok: true; filePath: string; fileName: string; contentType: string }
  | { ok: false; code: 'NOT_FOUND' | 'EXPIRED' };

/**
 * The file behind a download link, if the token is the export's (see download-token.ts, keyed by
 * `key`) and the link has not expired. A wrong token and an unknown export look the same; only a
 * genuine link learns that it expired.
 */
export async function findExportDownload(db: Db, key: string, exportId: number, token: string, now: Date): Promise<ExportDownload> {
  const row = await db.export.findUnique({
    where: { id: exportId },
    select: { status: true, expiresAt: true, filePath: true, format: true, finishedAt: true },
  });
  if (!row?.expiresAt || !isExportDownloadToken(key, exportId, row.expiresAt, token)) return { ok: false, code: 'NOT_FOUND' };
  if (row.status === 'EXPIRED' || row.expiresAt <= now) return { ok: false, code: 'EXPIRED' };
  if (row.status !== 'SUCCEEDED' || !row.filePath) return { ok: false, code: 'NOT_FOUND' };
  const format = row.format as ExportFormat;
  return { ok: true, filePath: row.filePath, fileName: exportFileName(format, row.finishedAt ?? now), contentType: exportContentType(format) };
}
