import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFilter } from '../exports/export-filter.ts';
import { DOWNLOAD_VALID_MS, exportsDir, finalExportPath } from '../exports/export-files.ts';
import { createPartner } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { jobQueueWith } from '../../test/job-queue.ts';
import { EXPORT_SWEEP_CRON, EXPORT_SWEEP_QUEUE, registerExportSweepJobs } from './export-sweep-job.ts';
import type { JobQueue } from './queue.ts';

let t: TestServices;
let dataDir: string;
let jobs: JobQueue;

beforeAll(async () => {
  t = await createTestServices({ now: '2025-03-15T12:00:00Z' });
  dataDir = await mkdtemp(join(tmpdir(), 'lb-export-sweep-job-'));
  await mkdir(exportsDir(dataDir), { recursive: true });
  jobs = await jobQueueWith(t, registerExportSweepJobs, { dataDir });
});
afterAll(async () => {
  await jobs?.stop({ graceful: false, timeout: 2_000 });
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('registerExportSweepJobs on pg-boss', () => {
  it('returns an hourly schedule in UTC', async () => {
    const schedule = (await jobs.getSchedules()).find((s) => s.name === EXPORT_SWEEP_QUEUE);
    expect(schedule).toMatchObject({ cron: EXPORT_SWEEP_CRON, timezone: 'UTC' });
    expect(EXPORT_SWEEP_CRON).toBe('40 * * * *');
  });

  it('deletes an expired export’s file when the job runs, and the export is EXPIRED', async () => {
    const finishedAt = new Date(t.clock.now().getTime() - DOWNLOAD_VALID_MS);
    const partnerId = (await createPartner(t.db)).id;
    const row = await t.db.export.create({
      data: { partnerId, format: 'CSV', filter: storeFilter({ scope: 'ALL' }), status: 'SUCCEEDED', finishedAt, expiresAt: new Date(finishedAt.getTime() + DOWNLOAD_VALID_MS) },
    });
    const filePath = finalExportPath(dataDir, row.id, 'CSV');
    await writeFile(filePath, 'email\r\n');
    await t.db.export.update({ where: { id: row.id }, data: { filePath } });

    await jobs.send(EXPORT_SWEEP_QUEUE, {});
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).status !== 'EXPIRED') {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await t.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'EXPIRED', filePath: null });
    await expect(access(filePath)).rejects.toThrow(/ENOENT/);
  }, 60_000);
});
