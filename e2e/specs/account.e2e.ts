import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type OpenPage } from '../support/browser.ts';
import { screenshot } from '../support/artifacts.ts';
import { seriousA11yViolations } from '../support/axe.ts';
import { seedLease, seedViewer } from '../support/leases.ts';
import { addOnByCode, productBySku, seedCatalogOnce, seedPartner, seedUser, sessionToken } from '../support/seed.ts';
import { settled } from '../support/settle.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let browser: Browser;
let owner: OpenPage;
let leaseNumber = 0;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const catalog = await seedCatalogOnce(server.db);
  const partner = await seedPartner(server.db);
  const ownerUser = await seedUser(server.db, partner.id, 'OWNER', 'owner@northwind.test', 'Nancy Davolio');
  leaseNumber = await seedLease(server.db, seedViewer(ownerUser), {
    productId: productBySku(catalog, 'SM-ENT-250').id,
    addOnIds: [addOnByCode(catalog, 'ACTIVESYNC').id, addOnByCode(catalog, 'PREMIUM_ANTISPAM').id],
    email: 'alice@contoso.example',
  });
  await seedUser(server.db, partner.id, 'ANALYST', 'analyst@northwind.test', 'Janet Leverling');
  owner = await openPage(browser, server.url, await sessionToken(server.url, 'owner@northwind.test'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const roleOf = async (email: string) => (await server.db.user.findUniqueOrThrow({ where: { email } })).role;

describe('Users and roles', () => {
  describe('when the last owner is demoted', () => {
    it('says why it was refused and puts the dropdown back on Owner', async () => {
      const { page } = owner;
      await page.goto('/account/users');
      await settled(page);
      const role = page.getByRole('combobox', { name: 'Role of Nancy Davolio' });
      await role.selectOption('MANAGER');
      await page.getByRole('button', { name: 'Change role' }).click();
      await page.getByRole('alert').getByText('last active owner').waitFor();
      expect(await role.inputValue()).toBe('OWNER');
      expect(await roleOf('owner@northwind.test')).toBe('OWNER');
    });
  });

  describe('when a role is picked and then cancelled', () => {
    it('changes nothing and puts the dropdown back', async () => {
      const { page } = owner;
      const role = page.getByRole('combobox', { name: 'Role of Janet Leverling' });
      await role.selectOption('BILLING');
      await page.getByRole('group', { name: 'Confirm the role change' }).getByRole('button', { name: 'Cancel' }).click();
      expect(await role.inputValue()).toBe('ANALYST');
      expect(await roleOf('analyst@northwind.test')).toBe('ANALYST');
    });
  });

  describe('when a role change is confirmed', () => {
    it('saves it only after the confirmation and says so in a status message', async () => {
      const { page } = owner;
      const role = page.getByRole('combobox', { name: 'Role of Janet Leverling' });
      await role.selectOption('MANAGER');
      // Picking alone saves nothing.
      expect(await roleOf('analyst@northwind.test')).toBe('ANALYST');
      await page.getByRole('button', { name: 'Change role' }).click();
      await page.getByRole('status').getByText('Saved: Janet Leverling’s role is now Manager.').waitFor();
      expect(await roleOf('analyst@northwind.test')).toBe('MANAGER');
      expect(await role.inputValue()).toBe('MANAGER');
      expect(owner.pageErrors).toEqual([]);
    });
  });

  describe('the audit log', () => {
    it('names actions as people do and filters by picking one from a list', async () => {
      const { page } = owner;
      await page.goto('/account/audit');
      await settled(page);
      await page.getByLabel('Action').selectOption({ label: 'Role changed' });
      const table = page.getByRole('table', { name: 'Audit log' });
      await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
      await table.getByRole('cell', { name: 'Role changed' }).waitFor();
      expect(await table.getByText('user.change_role').isVisible()).toBe(false);
      // Who, by name, not "User 2".
      await table.getByText('Changed the role of Janet Leverling (analyst@northwind.test) from ANALYST to MANAGER').waitFor();
    });

    it('says what each change was with product and add-on names, not their IDs', async () => {
      const { page } = owner;
      await page.getByLabel('Action').selectOption({ label: 'Lease started' });
      const table = page.getByRole('table', { name: 'Audit log' });
      await table.getByText(`Started lease ${leaseNumber}: SmarterMail Enterprise 250 mailboxes with ActiveSync, Premium Antispam for alice@contoso.example`).waitFor();
      expect(await table.getByText(/addOnIds/).isVisible()).toBe(false);
      await page.getByLabel('Action').selectOption({ label: 'Every action' });
      await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
      await screenshot(page, 'account-audit-summaries-1280');
      expect(await seriousA11yViolations(page)).toEqual([]);
      expect(owner.pageErrors).toEqual([]);
    });
  });
});
