import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { normalizeLicenseKey } from '@leaseboard/domain/licenses/license-key.rules';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { gql } from '../support/gql.ts';
import { productBySku, addOnByCode, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { startServer, type TestServer } from '../support/server.ts';
import type { Catalog } from '@leaseboard/seed/index';

let server: TestServer;
let browser: Browser;
let catalog: Catalog;
let owner: OpenPage;
let partnerId: number;

/** What the Start Lease test created, for the tests after it. */
const started = { leaseNumber: 0, licenseKey: '' };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  partnerId = partner.id;
  await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test', 'Nancy Davolio');
  await seedUser(server.db, partner.id, 'ANALYST', 'analyst@northwind.test', 'Andrew Fuller');
  owner = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function search(page: Page, text: string) {
  await page.getByRole('searchbox', { name: 'Search' }).fill(text);
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
  await page.waitForURL((url) => url.searchParams.get('q') === text);
}

function leaseLink(page: Page, leaseNumber: number) {
  return page.getByRole('link', { name: `Lease ${leaseNumber} details` });
}

describe('Leases page', () => {
  describe('Start Lease', () => {
    it('starts a lease step by step, shows the new key and mails it to the customer', async () => {
      const { page } = owner;
      await page.goto('/leases');
      await page.getByText('No leases yet').waitFor();
      await page.getByRole('button', { name: 'Start Lease' }).click();
      const dialog = page.getByRole('dialog', { name: 'Start Lease' });
      const submit = dialog.getByRole('button', { name: 'Start Lease' });
      expect(await submit.isDisabled()).toBe(true);

      await dialog.getByRole('radio', { name: 'SmarterMail' }).check();
      await dialog.getByLabel('2. Product').selectOption({ label: 'Professional 250 — $10.00/mo' });
      // Professional: ActiveSync (Enterprise only) is not offered.
      expect(await dialog.getByRole('checkbox', { name: /ActiveSync/ }).count()).toBe(0);
      await dialog.getByRole('checkbox', { name: /Premium Antispam/ }).check();
      expect(await submit.isDisabled()).toBe(true);
      await dialog.getByLabel('Customer email').fill('Jane.Roe@Contoso-Mail.example');
      await dialog.getByRole('radio', { name: 'Another address' }).check();
      expect(await submit.isDisabled()).toBe(true);
      await dialog.getByLabel('Send key to').fill('it@contoso-mail.example');
      expect(await dialog.getByText('Monthly price: $12.00').count()).toBe(1);
      await submit.click();

      const done = page.getByRole('dialog', { name: 'Lease started' });
      const keyBox = done.getByRole('textbox', { name: 'License key' });
      await keyBox.waitFor();
      started.licenseKey = await keyBox.inputValue();
      expect(started.licenseKey).toMatch(/^SM-[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);

      const lease = await server.db.lease.findUniqueOrThrow({
        where: { licenseKey: normalizeLicenseKey(started.licenseKey) ?? 'malformed' },
        include: { product: true, addOns: { include: { addOn: true } }, customer: true },
      });
      started.leaseNumber = lease.id;
      expect(lease).toMatchObject({ partnerId, status: 'ACTIVE', sendKeyTo: 'it@contoso-mail.example', version: 1 });
      expect(lease.product.sku).toBe('SM-PRO-250');
      expect(lease.addOns.map((a) => a.addOn.code)).toEqual(['PREMIUM_ANTISPAM']);
      expect(lease.customer.email).toBe('Jane.Roe@Contoso-Mail.example');

      const mail = await server.smtp.waitFor((m) => m.envelope.to.includes('it@contoso-mail.example'), 30_000);
      expect(mail.subject).toContain('SmarterMail Professional 250 mailboxes');
      expect(mail.text).toContain(started.licenseKey);

      await done.getByRole('button', { name: 'Done' }).click();
      await leaseLink(page, started.leaseNumber).waitFor();
      // Focus went back to the button that opened the modal.
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Start Lease');
    });
  });

  describe('search', () => {
    beforeAll(async () => {
      // Two more leases, so every search has something to leave out.
      for (const [email, sku] of [['bob@fabrikam.example', 'ST-PRO-5'], ['carol@tailspin.example', 'SS-ENT-10']] as const) {
        const result = await gql<{ startLease: { userErrors: unknown[] } }>(
          server.url,
          'mutation($input: StartLeaseInput!) { startLease(input: $input) { userErrors { code } } }',
          { input: { productId: gidOf('Product', productBySku(catalog, sku).id), customer: { email } } },
          { cookie: owner.context ? await cookieHeader(owner) : '' },
        );
        expect(result.data.startLease.userErrors).toEqual([]);
      }
      // The server name comes from the licensed server activating the key.
      const activated = await gql<{ activateLicense: { code: string } }>(
        server.url,
        'mutation($input: LicenseRequestInput!) { activateLicense(input: $input) { code } }',
        { input: { key: started.licenseKey, serverName: 'MAIL01.contoso-mail.example' } },
      );
      expect(activated.data.activateLicense.code).toBe('VALID');
    });

    const criteria: [string, () => string][] = [
      ['lease ID', () => String(started.leaseNumber)],
      ['partial customer email', () => 'roe@contoso'],
      ['license key', () => started.licenseKey.toLowerCase()],
      ['server name', () => 'mail01.contoso'],
    ];

    for (const [criterion, text] of criteria) {
      it(`finds the lease by ${criterion}`, async () => {
        const { page } = owner;
        await page.goto('/leases');
        await page.getByRole('table', { name: 'Leases' }).waitFor();
        await expect.poll(() => page.getByRole('link', { name: /^Lease \d+ details$/ }).count()).toBe(3);
        await search(page, text());
        await expect.poll(() => page.getByRole('link', { name: /^Lease \d+ details$/ }).count()).toBe(1);
        expect(await leaseLink(page, started.leaseNumber).count()).toBe(1);
      });
    }

    it('says when nothing matches', async () => {
      const { page } = owner;
      await page.goto('/leases');
      await search(page, 'nobody@nowhere.example');
      await page.getByText('No leases match this search.').waitFor();
    });
  });

  describe('lease details', () => {
    it('opens at its own address from anywhere in the row, and Back returns to the search', async () => {
      const { page } = owner;
      await page.goto(`/leases?q=${started.leaseNumber}`);
      // A click on the customer's email, not on the number: the whole row opens the lease.
      await page.getByRole('row', { name: new RegExp(`Lease ${started.leaseNumber} details`) }).getByText(/jane\.roe@contoso-mail\.example/i).click();
      await page.waitForURL(`**/leases/${started.leaseNumber}`);
      await page.getByRole('heading', { name: `Lease ${started.leaseNumber}`, level: 1 }).waitFor();
      await page.goBack();
      await page.waitForURL((url) => url.pathname === '/leases' && url.searchParams.get('q') === String(started.leaseNumber));
      await leaseLink(page, started.leaseNumber).waitFor();
      // The address works on its own: a new tab, a bookmark, a link in an email.
      await page.goto(`/leases/${started.leaseNumber}`);
      await page.getByRole('region', { name: `Lease ${started.leaseNumber}` }).getByText(started.licenseKey).waitFor();
      await page.goto('/leases/999999');
      await page.getByText('Lease 999999 does not exist.').waitFor();
    });

    it('shows the key, product, machine name and history, and Modify moves the tier up and adds an add-on', async () => {
      const { page } = owner;
      await page.goto(`/leases/${started.leaseNumber}`);
      const dialog = page.getByRole('region', { name: `Lease ${started.leaseNumber}` });
      await dialog.getByText(started.licenseKey).waitFor();
      expect(await dialog.getByRole('button', { name: 'Copy license key' }).count()).toBe(1);
      expect(await dialog.getByText('MAIL01.contoso-mail.example').count()).toBeGreaterThan(0);
      expect(await dialog.getByText('SmarterMail Professional 250 mailboxes').count()).toBeGreaterThan(0);
      await dialog.getByText(/last seen today/).waitFor();

      await dialog.getByRole('button', { name: 'Modify' }).click();
      await dialog.getByLabel('Product').selectOption({ label: 'Professional 500 — $15.00/mo' });
      await dialog.getByRole('checkbox', { name: /Zero-hour Antivirus/ }).check();
      const before = 1000 + addOnByCode(catalog, 'PREMIUM_ANTISPAM').pricesByRank[1]!;
      const after = 1500 + addOnByCode(catalog, 'PREMIUM_ANTISPAM').pricesByRank[2]! + addOnByCode(catalog, 'ZERO_HOUR_ANTIVIRUS').pricesByRank[2]!;
      await dialog.getByText(`Monthly price: ${usd(before)} → ${usd(after)}`).waitFor();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.getByText(`Lease ${started.leaseNumber} was modified.`).waitFor();

      const lease = await server.db.lease.findUniqueOrThrow({
        where: { id: started.leaseNumber },
        include: { product: true, addOns: { include: { addOn: true } }, history: { orderBy: { version: 'asc' } } },
      });
      expect(lease.product.sku).toBe('SM-PRO-500');
      expect(lease.addOns.map((a) => a.addOn.code).sort()).toEqual(['PREMIUM_ANTISPAM', 'ZERO_HOUR_ANTIVIRUS']);
      expect(lease.version).toBeGreaterThan(1);
      expect(lease.history.map((h) => h.action)).toEqual(['STARTED', 'MODIFIED']);
      await dialog.getByText(/Modified: SmarterMail Professional 250 mailboxes → SmarterMail Professional 500 mailboxes/).waitFor();
    });

    it('Stop Lease asks for confirmation, then stops the lease and says it is no longer charged', async () => {
      const { page } = owner;
      const dialog = page.getByRole('region', { name: `Lease ${started.leaseNumber}` });
      await dialog.getByRole('button', { name: 'Stop Lease' }).click();
      const confirm = dialog.getByRole('group', { name: `Stop lease ${started.leaseNumber}?` });
      await confirm.waitFor();
      expect((await server.db.lease.findUniqueOrThrow({ where: { id: started.leaseNumber } })).status).toBe('ACTIVE');
      await confirm.getByRole('button', { name: 'Stop Lease' }).click();
      await dialog.getByText(`Lease ${started.leaseNumber} is stopped`).waitFor();

      const lease = await server.db.lease.findUniqueOrThrow({ where: { id: started.leaseNumber } });
      expect(lease.status).toBe('STOPPED');
      expect(lease.stoppedAt).not.toBeNull();
      expect(await dialog.getByRole('button', { name: 'Modify' }).count()).toBe(0);
      // A stopped lease shows no monthly price as if it were still charged.
      expect(await dialog.getByText('Monthly price').count()).toBe(0);
      await dialog.getByText(/None since it stopped on .*While active it cost \$\d+\.\d\d a month/).waitFor();

      await page.goto(`/leases?q=${started.leaseNumber}`);
      const row = page.getByRole('row', { name: new RegExp(`Lease ${started.leaseNumber} details .*Stopped`) });
      await row.waitFor();
      expect(await row.getByText(/\$\d/).count()).toBe(0);
    });
  });

  describe('as an analyst', () => {
    it('lists leases but offers no Start Lease, Modify or Stop Lease', async () => {
      const analyst = await openPage(browser, server.url, await sessionToken(server.url, 'analyst@northwind.test'));
      const { page } = analyst;
      await page.goto('/leases');
      await page.getByRole('heading', { name: 'Leases' }).waitFor();
      await page.getByRole('link', { name: /^Lease \d+ details$/ }).first().waitFor();
      expect(await page.getByRole('button', { name: 'Start Lease' }).count()).toBe(0);
      const open = page.getByRole('link', { name: /^Lease \d+ details$/ }).last();
      await open.click();
      const dialog = page.getByRole('region', { name: /^Lease \d+$/ });
      await dialog.getByText('License key').first().waitFor();
      expect(await dialog.getByRole('button', { name: 'Modify' }).count()).toBe(0);
      expect(await dialog.getByRole('button', { name: 'Stop Lease' }).count()).toBe(0);
      expect(analyst.pageErrors).toEqual([]);
      await analyst.context.close();
    });
  });
});

function usd(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

function gidOf(type: string, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64');
}

async function cookieHeader(open: OpenPage): Promise<string> {
  const cookies = await open.context.cookies();
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
