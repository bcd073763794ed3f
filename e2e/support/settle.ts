import type { Page } from 'playwright-core';

/** Waits until the page has no "Loading …" message left and the network is quiet. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => ![...document.querySelectorAll('[role="status"]')].some((el) => /^\s*Loading/.test(el.textContent ?? '')), null, { timeout: 30_000 });
}
