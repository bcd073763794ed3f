import { resolve } from 'node:path';
import { repoRoot } from '@leaseboard/db/paths';
import type { ExportFormat } from '../customers/customer-export.rules.ts';

/** Where finished exports live: DATA_DIR/exports, DATA_DIR resolved against the repository root. */
export function exportsDir(dataDir: string): string {
  return resolve(repoRoot, dataDir, 'exports');
}

export function finalExportPath(dataDir: string, exportId: number, format: ExportFormat): string {
  return resolve(exportsDir(dataDir), `export-${exportId}.${format === 'CSV' ? 'csv' : 'jsonl'}`);
}

/** An attempt writes here and renames to the final path only once the file is complete. */
export function partialExportPath(dataDir: string, exportId: number, attempt: string): string {
  return resolve(exportsDir(dataDir), `export-${exportId}.${attempt}.part`);
}

export function isPartialOf(fileName: string, exportId: number): boolean {
  return fileName.startsWith(`export-${exportId}.`) && fileName.endsWith('.part');
}

/** How long a download link works after the export finished. */
export const DOWNLOAD_VALID_MS = 24 * 3600_000;
