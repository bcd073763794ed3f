import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { screenshot } from '../support/artifacts.ts';
import { seriousA11yViolations } from '../support/axe.ts';
import { launchBrowser, openPage } from '../support/browser.ts';
import { gql } from '../support/gql.ts';
import { seedLease, seedStop, seedViewer } from '../support/leases.ts';
import { seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { settled } from '../support/settle.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let token = '';

function daysAgo(n: number): Date {
  return new Date(Date.now() - n * 86_400_000);
}

/** A year of leases over a dozen products and customers: every chart has a realistic amount of data. */
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  const owner = await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test');
  await seedUser(server.db, partner.id, 'MANAGER', 'manager@northwind.test');
  const as = seedViewer(owner);
  const products = catalog.products.filter((_, i) => i % 3 === 0).slice(0, 12);
  for (let i = 0; i < 60; i++) {
    const id = await seedLease(server.db, as, { productId: products[i % products.length]!.id, email: `customer${i % 14}@example.test`, at: daysAgo(360 - i * 6) });
    if (i % 7 === 3) await seedStop(server.db, as, id, daysAgo(300 - i * 5));
  }
  await seedUser(server.db, null, 'ADMIN', 'admin@leaseboard.test');
  const admin = await sessionToken(server.url, 'admin@leaseboard.test');
  for (const m of [3, 2, 1]) {
    const now = new Date();
    const period = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - m, 1)).toISOString().slice(0, 7);
    const run = await gql<{ runBilling: { userErrors: unknown[] } }>(server.url, 'mutation($i: RunBillingInput!) { runBilling(input: $i) { userErrors { code } } }', { i: { period } }, { cookie: `lb_session=${admin}` });
    expect(run.data.runBilling.userErrors).toEqual([]);
  }
  token = await sessionToken(server.url, 'manager@northwind.test');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Box { name: string; x: number; y: number; width: number; height: number; slack: number }

/** Each chart card's box, and its slack: the card's height beyond what its contents fill. */
async function cards(page: Page): Promise<Box[]> {
  return page.locator('section.chart-card').evaluateAll((sections) =>
    sections.map((section) => {
      const box = section.getBoundingClientRect();
      const inner = [...section.children].map((c) => c.getBoundingClientRect());
      const contentBottom = Math.max(...inner.map((r) => r.bottom));
      const padding = parseFloat(getComputedStyle(section).paddingBottom) + parseFloat(getComputedStyle(section).borderBottomWidth);
      return { name: section.querySelector('h2')!.textContent!, x: box.x, y: box.y, width: box.width, height: box.height, slack: box.bottom - padding - contentBottom };
    }),
  );
}

const byName = (boxes: Box[], name: string) => boxes.find((b) => b.name === name)!;

describe('Reports dashboard layout', () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`gives each chart the room its data needs, with no empty areas, at ${viewport.width} px`, async () => {
      const { page, context, pageErrors } = await openPage(browser, server.url, token, viewport);
      await page.goto('/reports?from=' + daysAgo(365).toISOString().slice(0, 7) + '&to=' + new Date().toISOString().slice(0, 7) + '&by=MONTH');
      await settled(page);
      await page.getByRole('img', { name: /^Bar chart of active leases per product/ }).waitFor();
      await screenshot(page, `reports-${viewport.width}`);
      const boxes = await cards(page);
      expect(boxes.map((b) => b.name).sort()).toEqual(['Active leases over time', 'Leases by product', 'Monthly spend', 'New vs stopped leases', 'Top customers']);
      // No card is stretched past its contents (a short chart beside a tall one left a blank half card).
      for (const box of boxes) expect(box.slack, `${box.name}: empty space below its contents`).toBeLessThan(16);
      const page0 = await page.locator('main').evaluate((main) => main.getBoundingClientRect().width);
      // The time series span the page.
      for (const name of ['Active leases over time', 'New vs stopped leases', 'Monthly spend']) {
        expect(byName(boxes, name).width, `${name} full width`).toBeGreaterThan(page0 * 0.9);
      }
      const products = byName(boxes, 'Leases by product');
      const top = byName(boxes, 'Top customers');
      if (viewport.width >= 1000) {
        // The two category charts sit side by side, at one height.
        expect(Math.abs(products.y - top.y)).toBeLessThan(2);
        expect(Math.abs(products.height - top.height)).toBeLessThan(2);
        expect(products.width).toBeLessThan(page0 * 0.6);
      } else {
        for (const box of boxes) expect(box.width, `${box.name} fills the phone`).toBeGreaterThan(page0 * 0.9);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(pageErrors).toEqual([]);
      await context.close();
    });
  }
});
