import { silentLogger } from '@leaseboard/domain/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { CSRF_HEADER } from '../src/http/browser-safety.ts';
import { createPartner, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let cookie: Record<string, string>;
let withAllowList: App;
const SHOP = 'https://shop.example.com';

beforeAll(async () => {
  t = await createTestApp();
  cookie = (await signedInUser(t.db, t.clock, (await createPartner(t.db)).id, 'OWNER')).headers;
  withAllowList = createApp({ db: t.db, clock: t.clock, logger: silentLogger, config: { ...t.config, corsOrigins: [SHOP] }, jobs: null });
});
afterAll(() => t.close());

const mutation = 'mutation { addContact(input: { name: "Mallory", email: "mallory@example.test" }) { userErrors { code } } }';

/** A request as a foreign page's form would send it, with the victim's cookie. */
function foreign(contentType: string, body: BodyInit, extra: Record<string, string> = {}) {
  return new Request('http://test.local/graphql', { method: 'POST', headers: { ...cookie, origin: 'https://evil.example', 'content-type': contentType, ...extra }, body });
}

describe('CSRF', () => {
  describe.each([
    ['a form', 'application/x-www-form-urlencoded', `query=${encodeURIComponent(mutation)}`],
    ['a multipart form', 'multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: mutation })}\r\n--x--\r\n`],
    ['text/plain', 'text/plain', JSON.stringify({ query: mutation })],
  ])('when a foreign page posts a mutation as %s', (_label, type, body) => {
    it('refuses it and adds no contact', async () => {
      const before = await t.db.contact.count();
      const response = await t.app.fetch(foreign(type, body));
      expect(response.status).toBe(415);
      expect(await t.db.contact.count()).toBe(before);
    });

    it('refuses it with the CSRF header too', async () => {
      const response = await t.app.fetch(foreign(type, body, { [CSRF_HEADER]: '1' }));
      expect(response.status).toBe(415);
    });
  });

  describe('when a GET query has no CSRF header', () => {
    it('refuses it with 403', async () => {
      const response = await t.app.fetch(new Request(`http://test.local/graphql?query=${encodeURIComponent('{ me { kind } }')}`, { headers: { ...cookie, accept: 'application/json' } }));
      expect(response.status).toBe(403);
    });
  });

  describe('when a GET query has the CSRF header', () => {
    it('answers it', async () => {
      const response = await t.app.fetch(
        new Request(`http://test.local/graphql?query=${encodeURIComponent('{ me { kind } }')}`, { headers: { ...cookie, accept: 'application/json', [CSRF_HEADER]: '1' } }),
      );
      expect(response.status).toBe(200);
    });
  });
});

describe('CORS', () => {
  const preflight = (app: App, origin: string) =>
    app.fetch(new Request('http://test.local/graphql', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } }));
  const post = (app: App, origin: string) =>
    app.fetch(new Request('http://test.local/graphql', { method: 'POST', headers: { ...cookie, origin, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { kind } }' }) }));

  describe('by default', () => {
    it.each([SHOP, 'https://evil.example', 'null'])('grants nothing to %s', async (origin) => {
      for (const response of [await preflight(t.app, origin), await post(t.app, origin)]) {
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      }
    });
  });

  describe('with CORS_ORIGINS', () => {
    it('grants an origin on the list, with credentials', async () => {
      const response = await preflight(withAllowList, SHOP);
      expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(response.headers.get('access-control-allow-credentials')).toBe('true');
      expect((await post(withAllowList, SHOP)).headers.get('access-control-allow-origin')).toBe(SHOP);
    });

    it.each(['https://evil.example', 'null'])('grants nothing to %s', async (origin) => {
      for (const response of [await preflight(withAllowList, origin), await post(withAllowList, origin)]) {
        expect(response.headers.get('access-control-allow-origin')).toBeNull();
        expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      }
    });
  });
});

describe('security headers', () => {
  it.each([
    ['/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { kind } }' }) }],
    ['/healthz', {}],
    ['/invoices/1.pdf', {}],
    ['/no-such-page', {}],
  ])('%s has nosniff, no-referrer, no framing and a CSP', async (path, init) => {
    const response = await t.app.fetch(new Request(`http://test.local${path}`, init as RequestInit));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('GraphiQL gets a CSP that allows its own inline scripts and no other host', async () => {
    const response = await t.app.fetch(new Request('http://test.local/graphql', { headers: { accept: 'text/html' } }));
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'unsafe-inline';.*frame-ancestors 'none'/);
    expect(response.headers.get('content-security-policy')).not.toMatch(/https?:/);
  });
});
