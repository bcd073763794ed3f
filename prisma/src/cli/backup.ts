import { join, resolve } from 'node:path';
import { BackupError, backupEmbedded, restoreEmbedded } from '../embedded-backup.ts';
import { DataDirBusyError } from '../data-dir-lock.ts';
import { embeddedDataDir } from '../database-url.ts';

/**
 * `pnpm db:backup [file]` and `pnpm db:restore <file>` for the embedded database in DATA_DIR. With
 * DATABASE_URL they refuse and name PostgreSQL's own tools (README: Backups and recovery).
 */
const [command, fileArgument] = process.argv.slice(2);
const dataDir = embeddedDataDir();
try {
  if (process.env['DATABASE_URL']) {
    throw new BackupError(`db:${command} is for the embedded database; with DATABASE_URL use pg_dump and pg_restore (README: Backups and recovery).`);
  }
  if (command === 'backup') {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = resolve(process.env['INIT_CWD'] ?? process.cwd(), fileArgument ?? join(dataDir, '..', 'backups', `leaseboard-${stamp}.tar.gz`));
    const bytes = await backupEmbedded(dataDir, file);
    console.log(`Backed up ${dataDir} to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB).`);
  } else if (command === 'restore' && fileArgument) {
    const file = resolve(process.env['INIT_CWD'] ?? process.cwd(), fileArgument);
    const previous = await restoreEmbedded(dataDir, file);
    console.log(`Restored ${dataDir} from ${file}.${previous ? ` The previous data is kept in ${previous}.` : ''}`);
  } else {
    throw new BackupError('usage: pnpm db:backup [file] | pnpm db:restore <file>');
  }
} catch (error) {
  const known = error instanceof BackupError || error instanceof DataDirBusyError;
  console.error(known ? (error as Error).message : `db:${command} failed: ${(error as Error).message.split('\n')[0]}`);
  process.exitCode = 1;
}
