import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser.ts';
import { PASSWORD, seedPartner, seedUser } from '../support/seed.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const partner = await seedPartner(server.db);
  await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test', 'Nancy Davolio');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Sign in', () => {
  describe('when the password is wrong', () => {
    it('says so and stays on the form', async () => {
      const { page, context } = await openPage(browser, server.url);
      await page.goto('/leases');
      await page.waitForURL(/\/login\?next=%2Fleases/);
      await page.getByLabel('Email').fill('owner@northwind.test');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong email or password');
      expect(new URL(page.url()).pathname).toBe('/login');
      await context.close();
    });
  });

  describe('when the account is locked', () => {
    it('says it is locked, even with the right password', async () => {
      await server.db.user.update({ where: { email: 'owner@northwind.test' }, data: { lockedUntil: new Date(Date.now() + 15 * 60_000) } });
      const { page, context } = await openPage(browser, server.url);
      await page.goto('/login');
      await page.getByLabel('Email').fill('owner@northwind.test');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('locked');
      expect(await server.db.session.count()).toBe(0);
      await server.db.user.update({ where: { email: 'owner@northwind.test' }, data: { lockedUntil: null, failedLogins: 0 } });
      await context.close();
    });
  });

  describe('when the password is right', () => {
    it('opens the page asked for, and Sign out ends the session', async () => {
      const { page, context, pageErrors } = await openPage(browser, server.url);
      await page.goto('/leases');
      await page.getByLabel('Email').fill('owner@northwind.test');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Leases' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/leases');
      expect(await server.db.session.count()).toBe(1);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/login/);
      expect(await server.db.session.count()).toBe(0);
      await page.goto('/leases');
      await page.waitForURL(/\/login/);
      expect(pageErrors).toEqual([]);
      await context.close();
    });
  });
});
