import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser.ts';
import { PASSWORD, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { screenshot } from '../support/artifacts.ts';
import { settled } from '../support/settle.ts';
import { takeSignInAttempt } from '@leaseboard/domain/accounts/sign-in-throttle';
import { rateLimitStoreOf } from '@leaseboard/domain/rate-limit/rate-limit-store';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const partner = await seedPartner(server.db);
  await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test', 'Nancy Davolio');
  await seedUser(server.db, partner.id, 'ANALYST', 'staff@northwind.test', 'Andrew Fuller');
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

  describe('when this address failed too often for the email', () => {
    it('says how long to wait, even with the right password, and opens no session', async () => {
      // Ten failed attempts from the browser's address, the last one now: the next must wait 32 s.
      const store = rateLimitStoreOf(server.running.services);
      const start = Date.now() - 31_000;
      for (const offset of [0, 0, 0, 0, 0, 1_000, 3_000, 7_000, 15_000, 31_000]) {
        expect((await takeSignInAttempt(store, 'staff@northwind.test', '127.0.0.1', start + offset)).allowed).toBe(true);
      }
      const { page, context, pageErrors } = await openPage(browser, server.url, undefined, { width: 1440, height: 900 });
      await page.goto('/login');
      await page.getByLabel('Email').fill('staff@northwind.test');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Too many failed sign-ins\. Try again in (2\d|3[0-2]) seconds\.$/);
      expect(await server.db.session.count()).toBe(0);
      await screenshot(page, 'login-throttled-1440');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'login-throttled-390');
      expect(pageErrors).toEqual([]);
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

describe('An ended session', () => {
  describe('when the person moves on after signing out in another tab', () => {
    it('takes them to sign-in with a short message, and back to where they were after', async () => {
      const { page, context, pageErrors } = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'));
      await page.goto('/account/users');
      await page.getByRole('combobox', { name: 'Role of Nancy Davolio' }).waitFor();
      // Signed out elsewhere: the session row is gone, the cookie in this tab is not.
      await server.db.session.deleteMany({});
      await page.getByRole('combobox', { name: 'Role of Nancy Davolio' }).selectOption('MANAGER');
      await page.getByRole('button', { name: 'Change role' }).click();
      await page.waitForURL(/\/login\?next=%2Faccount%2Fusers&reason=ended/);
      await page.getByRole('status').getByText('Your session has ended').waitFor();
      expect(await page.getByText('You are not allowed').count()).toBe(0);

      await page.getByLabel('Email').fill('owner@northwind.test');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/account/users');
      await page.getByRole('heading', { name: 'Users and roles' }).waitFor();
      // Nothing was changed by the refused request.
      expect((await server.db.user.findUniqueOrThrow({ where: { email: 'owner@northwind.test' } })).role).toBe('OWNER');
      expect(pageErrors).toEqual([]);
      await context.close();
    });
  });

  describe('when the session ends while a list is open', () => {
    it('goes to sign-in on the next search, keeping the search for afterwards', async () => {
      const { page, context } = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'));
      await page.goto('/leases');
      await settled(page);
      await server.db.session.deleteMany({});
      await page.getByRole('searchbox', { name: 'Search' }).fill('contoso');
      await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
      await page.waitForURL(/\/login\?next=%2Fleases%3Fq%3Dcontoso/);
      await context.close();
    });
  });
});

describe('Failures', () => {
  /** Answers the named GraphQL operation with `answer`; everything else goes to the server. */
  async function failing(operation: string, answer: { status: number; body: string; headers?: Record<string, string> }) {
    const open = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'));
    await open.page.route('**/graphql', async (route) => {
      const body = route.request().postDataJSON() as { operationName?: string } | null;
      if (body?.operationName === operation) await route.fulfill({ contentType: 'text/plain', ...answer });
      else await route.fallback();
    });
    return open;
  }

  describe('when the server answers HTTP 500', () => {
    it('says the server failed and gives the request id, not "cannot reach the server"', async () => {
      const { page, context } = await failing('Leases', { status: 500, body: 'Internal Server Error', headers: { 'x-request-id': 'req-e2e-500' } });
      await page.goto('/leases');
      const alert = page.getByRole('alert');
      await alert.getByText('The server failed (HTTP 500)').waitFor();
      expect(await alert.textContent()).toContain('req-e2e-500');
      expect(await alert.textContent()).not.toContain('Cannot reach');
      await context.close();
    });
  });

  describe('when the server masks an unexpected error', () => {
    it('gives the request id from the error', async () => {
      const body = JSON.stringify({ data: null, errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-masked-1' } }] });
      const { page, context } = await failing('Leases', { status: 200, body, headers: { 'content-type': 'application/json' } });
      await page.goto('/leases');
      await page.getByRole('alert').getByText(/The server failed\..*req-masked-1/).waitFor();
      await context.close();
    });
  });

  describe('when the browser is offline', () => {
    it('says so, and Try again works once it is back', async () => {
      const { page, context } = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'));
      await page.goto('/customers');
      await settled(page);
      await context.setOffline(true);
      await page.getByRole('searchbox').first().fill('someone');
      await page.getByRole('searchbox').first().press('Enter');
      await page.getByRole('alert').getByText(/offline|Cannot reach the server/).waitFor();
      await context.setOffline(false);
      await page.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => page.getByRole('alert').count()).toBe(0);
      await context.close();
    });
  });

  describe('when the role does not allow a page', () => {
    it('says the role does not give access, not that the server failed', async () => {
      await seedUser(server.db, (await server.db.partner.findFirstOrThrow()).id, 'ANALYST', 'analyst@northwind.test');
      const { page, context } = await openPage(browser, server.url, await sessionToken(server.url, 'analyst@northwind.test'));
      await page.goto('/account/users');
      await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
      await context.close();
    });
  });
});
