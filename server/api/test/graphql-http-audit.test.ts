import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the GraphQL endpoint', () => {
  describe('when audited for GraphQL-over-HTTP conformance', () => {
    for (const audit of serverAudits({ url: 'http://test.local/graphql', fetchFn: (input: RequestInfo | URL, init?: RequestInit) => t.app.fetch(new Request(input, init)) })) {
      const mandatory = audit.name.startsWith('MUST');
      it(`${mandatory ? 'passes' : 'reports'} ${audit.name}`, async () => {
        const result = await audit.fn();
        if (mandatory) expect(result, result.status === 'ok' ? '' : result.reason).toMatchObject({ status: 'ok' });
        else expect(['ok', 'warn', 'notice', 'error']).toContain(result.status);
      });
    }
  });
});
