import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { screenshot } from '../support/artifacts.ts';
import { launchBrowser, openPage } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('GraphiQL', () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      it('loads from the server alone, with no request to another host, and runs the default query', async () => {
        const { page, context, pageErrors } = await openPage(browser, server.url, undefined, viewport);
        const origin = new URL(server.url).origin;
        const elsewhere: string[] = [];
        page.on('request', (request) => {
          const url = new URL(request.url());
          if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) elsewhere.push(request.url());
        });
        await page.goto('/graphql');
        await page.getByRole('button', { name: /Execute query/i }).click();
        await expect.poll(() => page.locator('.result-window').textContent(), { timeout: 30_000 }).toContain('"catalog"');
        await screenshot(page, `graphiql-${viewport.width}`);
        expect(elsewhere).toEqual([]);
        expect(pageErrors).toEqual([]);
        await context.close();
      });
    });
  }
});
