import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of an export's download link: HMAC-SHA256, keyed by SESSION_SECRET, over the export's id and
 * the instant its link expires. Nothing secret is stored, every read of the export shows the same link,
 * and a token is good for one export and one expiry only. Changing SESSION_SECRET voids every link.
 */
export function exportDownloadToken(key: string, exportId: number, expiresAt: Date): string {
  return createHmac('sha256', key).update(`export-download:${exportId}:${expiresAt.getTime()}`).digest('base64url');
}

/** Whether `given` is the token for this export and expiry, compared in constant time. */
export function isExportDownloadToken(key: string, exportId: number, expiresAt: Date, given: string): boolean {
  const expected = Buffer.from(exportDownloadToken(key, exportId, expiresAt));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
