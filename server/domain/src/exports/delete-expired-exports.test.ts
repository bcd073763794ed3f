import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportModel as Export } from '@leaseboard/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { deleteExpiredExports } from './delete-expired-exports.ts';
import { storeFilter } from './export-filter.ts';
import { DOWNLOAD_VALID_MS, exportsDir, finalExportPath, partialExportPath } from './export-files.ts';

const NOW = new Date('2025-03-15T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let t: TestServices;
let dataDir: string;
let partnerId: number;

beforeAll(async () => {
  t = await createTestServices({ now: NOW.toISOString() });
  partnerId = (await createPartner(t.db)).id;
  dataDir = await mkdtemp(join(tmpdir(), 'lb-export-sweep-'));
  await mkdir(exportsDir(dataDir), { recursive: true });
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** An export that finished `finishedAgo` ms before NOW, with its file written, as runCustomerExport leaves it. */
async function succeeded(finishedAgo: number, format: 'CSV' | 'JSONL' = 'CSV'): Promise<Export> {
  const finishedAt = new Date(NOW.getTime() - finishedAgo);
  const row = await t.db.export.create({
    data: { partnerId, format, filter: storeFilter({ scope: 'ALL' }), status: 'SUCCEEDED', rowsDone: 1, totalRows: 1, startedAt: finishedAt, finishedAt, expiresAt: new Date(finishedAt.getTime() + DOWNLOAD_VALID_MS) },
  });
  const filePath = finalExportPath(dataDir, row.id, format);
  await writeFile(filePath, 'email\r\n');
  return t.db.export.update({ where: { id: row.id }, data: { filePath } });
}

async function ended(status: 'QUEUED' | 'RUNNING' | 'FAILED', ago: number): Promise<Export> {
  const at = new Date(NOW.getTime() - ago);
  return t.db.export.create({
    data: { partnerId, format: 'CSV', filter: storeFilter({ scope: 'ALL' }), status, startedAt: status === 'QUEUED' ? null : at, finishedAt: status === 'FAILED' ? at : null },
  });
}

/** A partial file an attempt left behind, named as runCustomerExport names it; returns its file name. */
async function partial(exportId: number, attempt: string): Promise<string> {
  const path = partialExportPath(dataDir, exportId, attempt);
  await writeFile(path, 'email\r\n');
  return `export-${exportId}.${attempt}.part`;
}

const filesLeft = async () => (await readdir(exportsDir(dataDir))).sort();
const statesOf = async (rows: Export[]) =>
  (await t.db.export.findMany({ where: { id: { in: rows.map((row) => row.id) } }, orderBy: { id: 'asc' }, select: { id: true, status: true, filePath: true } })).map(
    (row) => [row.id, row.status, row.filePath === null ? null : row.filePath.split('/').pop()],
  );

describe('deleteExpiredExports', () => {
  describe('when DATA_DIR/exports holds exports in every state', () => {
    let expired: Export, expiringNow: Export, fresh: Export, freshWithStraggler: Export, validWithOldPart: Export;
    let running: Export, queued: Export, failedLongAgo: Export, failedJustNow: Export;
    let names: Record<'straggler' | 'oldPart' | 'running' | 'queued' | 'failedLongAgo' | 'failedJustNow' | 'orphanPart' | 'orphanFile', string>;
    let first: Awaited<ReturnType<typeof deleteExpiredExports>>;

    beforeAll(async () => {
      expired = await succeeded(25 * HOUR);
      expiringNow = await succeeded(DOWNLOAD_VALID_MS, 'JSONL');
      fresh = await succeeded(1 * HOUR);
      freshWithStraggler = await succeeded(10 * MINUTE);
      validWithOldPart = await succeeded(2 * HOUR);
      running = await ended('RUNNING', 3 * 24 * HOUR); // stale, but RUNNING: its writer may still be alive
      queued = await ended('QUEUED', 3 * HOUR);
      failedLongAgo = await ended('FAILED', 2 * HOUR);
      failedJustNow = await ended('FAILED', 5 * MINUTE);
      names = {
        straggler: await partial(freshWithStraggler.id, '0000000a'),
        oldPart: await partial(validWithOldPart.id, '0000000b'),
        running: await partial(running.id, '0000000c'),
        queued: await partial(queued.id, '0000000d'),
        failedLongAgo: await partial(failedLongAgo.id, '0000000e'),
        failedJustNow: await partial(failedJustNow.id, '0000000f'),
        orphanPart: await partial(999_999_998, '00000010'),
        orphanFile: 'export-999999999.csv',
      };
      await writeFile(join(exportsDir(dataDir), names.orphanFile), 'email\r\n');
      await writeFile(join(exportsDir(dataDir), 'README.txt'), 'not an export');
      await mkdir(join(exportsDir(dataDir), 'export-999999997.csv')); // a directory, whatever its name
      first = await deleteExpiredExports(t.db, dataDir, t.clock.now());
    });

    it('deletes the files of expired links and marks those exports EXPIRED without a file', async () => {
      expect(first.expired).toEqual([expired.id, expiringNow.id]);
      expect(await statesOf([expired, expiringNow, fresh])).toEqual([
        [expired.id, 'EXPIRED', null],
        [expiringNow.id, 'EXPIRED', null],
        [fresh.id, 'SUCCEEDED', `export-${fresh.id}.csv`],
      ]);
    });

    it('deletes the leftovers of exports that ended over an hour ago or no longer exist, and nothing else', async () => {
      expect(first.leftovers).toEqual([names.oldPart, names.failedLongAgo, names.orphanPart, names.orphanFile].sort());
      expect(await filesLeft()).toEqual(
        [
          'README.txt',
          'export-999999997.csv',
          `export-${fresh.id}.csv`,
          `export-${freshWithStraggler.id}.csv`,
          `export-${validWithOldPart.id}.csv`,
          names.straggler,
          names.running,
          names.queued,
          names.failedJustNow,
        ].sort(),
      );
      expect(await statesOf([fresh, freshWithStraggler, validWithOldPart, running, queued, failedLongAgo, failedJustNow])).toEqual([
        [fresh.id, 'SUCCEEDED', `export-${fresh.id}.csv`],
        [freshWithStraggler.id, 'SUCCEEDED', `export-${freshWithStraggler.id}.csv`],
        [validWithOldPart.id, 'SUCCEEDED', `export-${validWithOldPart.id}.csv`],
        [running.id, 'RUNNING', null],
        [queued.id, 'QUEUED', null],
        [failedLongAgo.id, 'FAILED', null],
        [failedJustNow.id, 'FAILED', null],
      ]);
    });

    it('returns nothing to do when run again at the same time', async () => {
      const before = await filesLeft();
      expect(await deleteExpiredExports(t.db, dataDir, t.clock.now())).toEqual({ expired: [], leftovers: [] });
      expect(await filesLeft()).toEqual(before);
    });

    it('a day later, deletes the rest except the files of RUNNING and QUEUED exports', async () => {
      t.clock.advance(DOWNLOAD_VALID_MS);
      const result = await deleteExpiredExports(t.db, dataDir, t.clock.now());
      expect(result).toEqual({
        expired: [fresh.id, freshWithStraggler.id, validWithOldPart.id],
        leftovers: [names.straggler, names.failedJustNow].sort(),
      });
      expect(await filesLeft()).toEqual(['README.txt', 'export-999999997.csv', names.running, names.queued].sort());
      expect(await statesOf([running, queued])).toEqual([
        [running.id, 'RUNNING', null],
        [queued.id, 'QUEUED', null],
      ]);
      t.clock.set(NOW);
    });
  });

  describe('when DATA_DIR/exports does not exist yet', () => {
    it('returns nothing deleted', async () => {
      const empty = await mkdtemp(join(tmpdir(), 'lb-export-sweep-empty-'));
      try {
        expect(await deleteExpiredExports(t.db, empty, t.clock.now())).toEqual({ expired: [], leftovers: [] });
      } finally {
        await rm(empty, { recursive: true, force: true });
      }
    });
  });
});
