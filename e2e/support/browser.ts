import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SESSION_COOKIE } from '@leaseboard/domain/auth/sessions';
import { trackRequests } from './settle.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Errors thrown in the page: a test fails if any show up. */
  pageErrors: string[];
}

/** A fresh browser context, signed in by injecting the session cookie (no login form) when a token is given. */
export async function openPage(browser: Browser, baseUrl: string, sessionToken?: string, viewport = { width: 1280, height: 900 }): Promise<OpenPage> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, acceptDownloads: true });
  if (sessionToken) await context.addCookies([{ name: SESSION_COOKIE, value: sessionToken, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  const page = await context.newPage();
  trackRequests(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}
