import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * One process at a time opens an embedded data directory: PGlite is a single-user PostgreSQL, and two
 * of them writing one directory corrupt it. The holder writes `<dataDir>.lock` (beside the directory, so
 * backups of the directory never carry it) with its process id, and once it serves the database, the
 * loopback URL other commands use to reach it and a token for its control port. A lock whose process is
 * gone (the server was killed) is stale and taken over.
 */
export interface LockHolder {
  pid: number;
  startedAt: string;
  /** postgres:// URL of the running server's loopback port; null while it is starting. */
  url: string | null;
  /** http://127.0.0.1:port of the holder's control port (backups); null while it is starting. */
  controlUrl: string | null;
  /** Secret for the control port; the lock file is readable by its owner only. */
  token: string | null;
}

export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    super(
      holder.url
        ? `The embedded database in ${dataDir} is open in another Leaseboard process (pid ${holder.pid}); stop it first.`
        : `The embedded database in ${dataDir} is being opened by another process (pid ${holder.pid}); try again when it has started.`,
    );
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Records where the running database and its control port answer. */
  publish(details: Pick<LockHolder, 'url' | 'controlUrl' | 'token'>): void;
  release(): void;
}

const held = new Set<string>();

export function lockPathOf(dataDir: string): string {
  return `${dataDir.replace(/[/\\]+$/, '')}.lock`;
}

/** The live process holding the data directory, or null when nobody does (no lock, or a stale one). */
export function readLockHolder(dataDir: string): LockHolder | null {
  const path = lockPathOf(dataDir);
  const holder = readHolder(path);
  if (!holder) return null;
  if (holder.pid === process.pid) return held.has(path) ? holder : null;
  return isAlive(holder.pid) ? holder : null;
}

/** Takes the lock or throws DataDirBusyError naming the holder. */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = lockPathOf(dataDir);
  let current: LockHolder = { pid: process.pid, startedAt: new Date().toISOString(), url: null, controlUrl: null, token: null };
  // Whole files only: written beside, then linked (fails if a lock exists) or renamed into place, so a
  // reader never sees half a lock and takes it for a stale one.
  const draft = () => {
    const file = `${path}.${process.pid}-${randomBytes(3).toString('hex')}`;
    writeFileSync(file, JSON.stringify(current), { mode: 0o600 });
    return file;
  };
  for (let attempt = 0; ; attempt++) {
    const file = draft();
    try {
      linkSync(file, path);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw error;
    } finally {
      rmSync(file, { force: true });
    }
    clearStaleLock(dataDir, path);
  }
  held.add(path);
  return {
    path,
    publish(details) {
      current = { ...current, ...details };
      renameSync(draft(), path);
    },
    release() {
      if (!held.delete(path)) return;
      if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
    },
  };
}

/** Throws DataDirBusyError when the lock's holder lives; otherwise removes the lock. */
function clearStaleLock(dataDir: string, path: string): void {
  const holder = readLockHolder(dataDir);
  if (holder) throw new DataDirBusyError(dataDir, holder);
  // Moved aside first (atomic), so that two processes taking over cannot both succeed.
  const aside = `${path}.stale-${process.pid}-${randomBytes(3).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // Another process moved it first.
  }
  const moved = readHolder(aside);
  if (moved && moved.pid !== process.pid && isAlive(moved.pid)) {
    // A process took over between our look and our move: put its lock back and give way.
    renameSync(aside, path);
    throw new DataDirBusyError(dataDir, moved);
  }
  rmSync(aside, { force: true });
}

function readHolder(path: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
