import type { Page, Request } from 'playwright-core';

const openRequests = new WeakMap<Page, Set<Request>>();

/**
 * Counts the page's requests in flight, leaving out Server-Sent Events streams: the admin keeps one open
 * for live updates, so Playwright's own "networkidle" would never come.
 */
export function trackRequests(page: Page): void {
  if (openRequests.has(page)) return;
  const open = new Set<Request>();
  openRequests.set(page, open);
  page.on('request', (request) => {
    if (!(request.headers()['accept'] ?? '').includes('text/event-stream')) open.add(request);
  });
  page.on('requestfinished', (request) => open.delete(request));
  page.on('requestfailed', (request) => open.delete(request));
}

/** Waits until no request but a live stream has been open for 500 ms and no "Loading …" message is left. */
export async function settled(page: Page): Promise<void> {
  trackRequests(page);
  await page.waitForLoadState('load');
  const open = openRequests.get(page)!;
  const deadline = Date.now() + 30_000;
  let quietSince = Date.now();
  for (;;) {
    if (open.size > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= 500) break;
    if (Date.now() > deadline) throw new Error(`settled: still open after 30 s: ${[...open].map((r) => r.url()).join(', ')}`);
    await page.waitForTimeout(50);
  }
  await page.waitForFunction(() => ![...document.querySelectorAll('[role="status"]')].some((el) => /^\s*Loading/.test(el.textContent ?? '')), null, { timeout: 30_000 });
}
