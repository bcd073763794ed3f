import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { exportInThisProcess } from '@leaseboard/domain/jobs/customer-export-job';
import { screenshot } from '../support/artifacts.ts';
import { seriousA11yViolations } from '../support/axe.ts';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { seedLease, seedViewer } from '../support/leases.ts';
import { productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { startServer, type TestServer } from '../support/server.ts';

/**
 * The export runs on the server's own process, a customer per chunk, and waits after its first chunk until
 * the test lets it go on: the page is seen midway every time, not when the machine happens to be slow.
 */
let release: () => void = () => {};
const pausedAfterFirstChunk = () => new Promise<void>((resolve) => (release = resolve));

let server: TestServer;
let browser: Browser;
let analyst: OpenPage;
const CUSTOMERS = ['alice@contoso.example', 'bob@fabrikam.example', 'carol@tailspin.example', 'dave@litware.example'];

beforeAll(async () => {
  server = await startServer({}, { exportRunner: (services) => exportInThisProcess(services, { chunkSize: 1, afterChunk: (n) => (n === 1 ? pausedAfterFirstChunk() : undefined) }) });
  browser = await launchBrowser();
  const catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  const owner = await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test');
  await seedUser(server.db, partner.id, 'ANALYST', 'analyst@northwind.test');
  const mail = productBySku(catalog, 'SM-PRO-250').id;
  for (const email of CUSTOMERS) await seedLease(server.db, seedViewer(owner), { productId: mail, email });
});

afterAll(async () => {
  release();
  await browser?.close();
  await server?.stop();
});

describe('Customer export progress', () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`shows rows done of the total while the export runs, then hands over the file (${viewport.width} px)`, async () => {
      analyst = await openPage(browser, server.url, await sessionToken(server.url, 'analyst@northwind.test'), viewport);
      const { page } = analyst;
      await page.goto('/customers');
      await page.getByRole('button', { name: 'Download CSV' }).waitFor();

      const download = page.waitForEvent('download', { timeout: 60_000 });
      await page.getByRole('button', { name: 'Download CSV' }).click();
      const progress = page.getByRole('progressbar', { name: 'Export progress' });
      await page.getByText('1 of 4 customers').waitFor({ timeout: 30_000 });
      expect(await progress.getAttribute('value')).toBe('25');
      expect(await page.getByRole('button', { name: 'Preparing…' }).isDisabled()).toBe(true);
      const row = await server.db.export.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(row).toMatchObject({ status: 'RUNNING', rowsDone: 1, totalRows: 4 });
      await screenshot(page, `customers-export-progress-${viewport.width}`);
      expect(await seriousA11yViolations(page)).toEqual([]);

      release();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^customers-.*\.csv$/);
      const lines = (await readFile(await file.path(), 'utf8')).trim().split('\n');
      expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(CUSTOMERS);
      await page.getByText('The CSV is ready.').waitFor();
      expect(await progress.count()).toBe(0);
      expect(await server.db.export.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'SUCCEEDED', rowsDone: 4 });
      expect(analyst.pageErrors).toEqual([]);
      await analyst.context.close();
    });
  }
});
