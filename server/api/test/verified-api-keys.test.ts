import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFor, createPartner } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('an API key revoked by another process', () => {
  it('is refused once the few seconds it may stay verified in this one have passed', async () => {
    const partner = await createPartner(t.db);
    const key = await apiKeyFor(t.db, partner.id, ['leases:read']);
    expect((await t.gql('{ me { label } }', {}, key.headers)).status).toBe(200);

    await t.db.apiKey.update({ where: { id: key.key.id }, data: { revokedAt: t.clock.now() } });
    t.statements.length = 0;
    expect((await t.gql('{ me { label } }', {}, key.headers)).status).toBe(200);
    expect(t.statements.filter((sql) => sql.includes('"ApiKey"'))).toEqual([]);

    t.clock.advance(10_000);
    const refused = await t.gql('{ me { label } }', {}, key.headers);
    expect(refused.status).toBe(401);
  });
});
