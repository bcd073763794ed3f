import { existsSync, mkdirSync, openAsBlob, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { DataDirBusyError, lockDataDir, readLockHolder } from './data-dir-lock.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

/** A refusal or failure of db:backup / db:restore, reported as one line. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/**
 * Writes a consistent gzipped tarball of the embedded data directory to `file`: through the running
 * server's control port when one holds the directory (taken between its clients' transactions, the
 * server keeps serving), otherwise by opening the directory here. Returns the tarball's size in bytes.
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<number> {
  if (!existsSync(dataDir)) throw new BackupError(`There is no embedded database in ${dataDir} to back up.`);
  const holder = readLockHolder(dataDir);
  let tarball: Buffer;
  if (holder?.controlUrl && holder.token) {
    const response = await fetch(`${holder.controlUrl}/backup`, { method: 'POST', headers: { authorization: `Bearer ${holder.token}` } });
    if (!response.ok) throw new BackupError(`The running server (pid ${holder.pid}) could not take the backup: ${response.status} ${await response.text()}`);
    tarball = Buffer.from(await response.arrayBuffer());
  } else if (holder) {
    throw new DataDirBusyError(dataDir, holder);
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir });
    try {
      tarball = Buffer.from(await (await embedded.backup()).arrayBuffer());
    } finally {
      await embedded.stop();
    }
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.partial`, tarball);
  renameSync(`${file}.partial`, file);
  return tarball.length;
}

/**
 * Replaces the embedded data directory with a backup. Refuses while a process holds the directory. The
 * backup is unpacked beside it and opened first (so a bad file changes nothing); the old directory is
 * kept as `<dataDir>.before-restore-<time>` and its path returned.
 */
export async function restoreEmbedded(dataDir: string, file: string): Promise<string | null> {
  if (!existsSync(file)) throw new BackupError(`No such backup file: ${file}`);
  const holder = readLockHolder(dataDir);
  if (holder) throw new BackupError(`The embedded database in ${dataDir} is in use by process ${holder.pid}; stop the server before restoring.`);
  const gzip = readFileSync(file).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]));
  const staging = `${dataDir}.restoring-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    const embedded = await startEmbeddedPostgres({ dataDir: staging, loadDataDir: await openAsBlob(file, { type: gzip ? 'application/gzip' : 'application/x-tar' }) });
    try {
      const client = new pg.Client({ connectionString: embedded.url });
      await client.connect();
      await client.query('SELECT count(*) FROM pg_class').finally(() => client.end());
    } finally {
      await embedded.stop();
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new BackupError(`${file} is not a backup that opens: ${(error as Error).message.split('\n')[0]}`);
  }
  const lock = lockDataDir(dataDir);
  try {
    let previous: string | null = null;
    if (existsSync(dataDir)) {
      previous = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(dataDir, previous);
    }
    renameSync(staging, dataDir);
    return previous;
  } finally {
    lock.release();
  }
}
