import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, backupEmbedded, restoreEmbedded } from '../src/embedded-backup.ts';
import { startEmbeddedPostgres } from '../src/embedded-postgres.ts';

const root = mkdtempSync(join(tmpdir(), 'leaseboard-backup-'));
const dataDir = join(root, 'pg');
const backupFile = join(root, 'backups', 'one.tar.gz');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  const embedded = await startEmbeddedPostgres({ dataDir });
  await query(embedded.url, 'CREATE TABLE note (body text)');
  await embedded.stop();
});

async function query(url: string, sql: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ body: string }>(sql)).rows.map((row) => row.body);
  } finally {
    await client.end();
  }
}

// The embedded database's backups; with TEST_DATABASE_URL there is nothing of ours to test (pg_dump's job).
describe.skipIf(Boolean(process.env['TEST_DATABASE_URL']))('db:backup and db:restore', () => {
  describe('when the server runs and a client is inside a transaction', () => {
    it('backs up once the transaction ends, with its writes, while the server keeps serving', async () => {
      const server = await startEmbeddedPostgres({ dataDir });
      try {
        await query(server.url, `INSERT INTO note VALUES ('before')`);
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        await client.query('BEGIN');
        await client.query(`INSERT INTO note VALUES ('inside')`);
        const backup = backupEmbedded(dataDir, backupFile);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(existsSync(backupFile)).toBe(false);
        await client.query('COMMIT');
        await client.end();
        expect(await backup).toBeGreaterThan(0);
        await query(server.url, `INSERT INTO note VALUES ('after')`);
        expect(await query(server.url, 'SELECT body FROM note ORDER BY body')).toEqual(['after', 'before', 'inside']);

        await expect(restoreEmbedded(dataDir, backupFile)).rejects.toThrow(/stop the server before restoring/);
      } finally {
        await server.stop();
      }
    });
  });

  describe('when the server is stopped', () => {
    it('restores the backup and keeps the data it replaced', async () => {
      const previous = await restoreEmbedded(dataDir, backupFile);
      expect(previous).toMatch(/pg\.before-restore-/);
      const restored = await startEmbeddedPostgres({ dataDir });
      try {
        expect(await query(restored.url, 'SELECT body FROM note ORDER BY body')).toEqual(['before', 'inside']);
      } finally {
        await restored.stop();
      }
      const kept = await startEmbeddedPostgres({ dataDir: previous! });
      try {
        expect(await query(kept.url, 'SELECT body FROM note ORDER BY body')).toEqual(['after', 'before', 'inside']);
      } finally {
        await kept.stop();
      }
    });
  });

  describe('when the file is not a backup', () => {
    it('refuses and leaves the database as it was', async () => {
      const junk = join(root, 'junk.tar.gz');
      writeFileSync(junk, 'not a tarball');
      await expect(restoreEmbedded(dataDir, junk)).rejects.toBeInstanceOf(BackupError);
      const embedded = await startEmbeddedPostgres({ dataDir });
      try {
        expect(await query(embedded.url, 'SELECT body FROM note ORDER BY body')).toEqual(['before', 'inside']);
      } finally {
        await embedded.stop();
      }
    });
  });
});
