import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@leaseboard/domain/logger';
import { CLIENT_IP_HEADER } from '../src/http/node-adapter.ts';
import { apiKeyFor, createPartner, userWithPassword } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

const METRICS_TOKEN = 'metrics-token-for-the-scraper-0123';
const password = 'a password nobody logs 4711';
const cardNumber = '4242 4242 4242 4242';

let t: TestApp;
const lines: string[] = [];
const accessLog = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['message'] === 'request');

beforeAll(async () => {
  t = await createTestApp({ logger: createLogger('info', (line) => lines.push(line)), env: { METRICS_TOKEN } });
});
afterAll(() => t.close());

function get(path: string, headers: Record<string, string> = {}) {
  return t.app.fetch(new Request(`http://test.local${path}`, { headers }));
}

describe('the access log', () => {
  describe('when requests carry a password, a session, an API key and a card number', () => {
    it('writes one JSON line per request, and none of those secrets', async () => {
      const partner = await createPartner(t.db);
      const user = await userWithPassword(t.db, partner.id, 'OWNER', password);
      const key = await apiKeyFor(t.db, partner.id, ['billing:write', 'leases:read']);
      lines.length = 0;

      const signIn = await t.gql('mutation($input: SignInInput!) { signIn(input: $input) { user { email } } }', { input: { email: user.email, password } }, { 'x-request-id': 'req-sign-in' });
      const session = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
      await t.gql('{ me { label } }', {}, { cookie: session });
      await t.gql(
        'mutation($input: CardInput!) { setPaymentMethod(input: $input) { userErrors { code } } }',
        { input: { number: cardNumber, cvc: '123', expMonth: 12, expYear: 2030 } },
        key.headers,
      );
      await t.gql('{ me { label } }', {}, { authorization: 'Bearer lbk_not_a_real_key_0000000000000000' });
      await get(`/exports/1/download?token=${key.secret}`);

      const log = accessLog();
      expect(log).toHaveLength(5);
      expect(log[0]).toMatchObject({ level: 'info', requestId: 'req-sign-in', method: 'POST', path: '/graphql', operation: 'mutation signIn', status: 200, cost: null });
      expect(log[0]!['durationMs']).toEqual(expect.any(Number));
      expect(log[2]).toMatchObject({ operation: 'mutation setPaymentMethod', status: 200 });
      expect(log[3]).toMatchObject({ operation: 'graphql', status: 401, errorCodes: ['UNAUTHENTICATED'] });
      expect(log[4]).toMatchObject({ path: '/exports/1/download' });
      for (const entry of log) expect(entry['requestId']).toEqual(expect.any(String));

      const everything = lines.join('\n');
      for (const secret of [password, session.split('=')[1]!, key.secret, cardNumber, cardNumber.replaceAll(' ', ''), 'lbk_not_a_real_key']) {
        expect(everything).not.toContain(secret);
      }
    });
  });
});

describe('/metrics', () => {
  describe('when read from the loopback address', () => {
    it('returns the Prometheus text with requests by operation, errors by code, the pool, the jobs and the outbox', async () => {
      await t.gql('{ me { label } }');
      await t.gql('{ me { label } }', {}, { authorization: 'Bearer lbk_not_a_real_key_0000000000000000' });
      const response = await get('/metrics', { [CLIENT_IP_HEADER]: '127.0.0.1' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toMatch(/^leaseboard_requests_total\{operation="query me",status="200"\} \d+$/m);
      expect(text).toMatch(/^leaseboard_request_duration_seconds_bucket\{le="0\.25",operation="query me"\} \d+$/m);
      expect(text).toMatch(/^leaseboard_graphql_errors_total\{code="UNAUTHENTICATED"\} \d+$/m);
      expect(text).toMatch(/^leaseboard_db_pool_connections\{state="in_use"\} \d+$/m);
      expect(text).toMatch(/^leaseboard_db_pool_waiting \d+$/m);
      expect(text).toMatch(/^leaseboard_outbox_messages\{status="PENDING"\} \d+$/m);
      expect(text).toContain('# TYPE leaseboard_jobs gauge');
      expect(text).toMatch(/^leaseboard_process_resident_memory_bytes \d+$/m);
    });
  });

  describe('when read from elsewhere', () => {
    it('refuses without METRICS_TOKEN and answers with it', async () => {
      const outside = { [CLIENT_IP_HEADER]: '203.0.113.9' };
      expect((await get('/metrics', outside)).status).toBe(403);
      expect((await get('/metrics', { ...outside, authorization: 'Bearer wrong-token-of-the-same-size-0123' })).status).toBe(403);
      expect((await get('/metrics', { ...outside, authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(200);
    });
  });
});
