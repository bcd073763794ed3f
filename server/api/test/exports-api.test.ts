import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '@leaseboard/db';
import { deleteExpiredExports } from '@leaseboard/domain/exports/delete-expired-exports';
import { exportDownloadToken } from '@leaseboard/domain/exports/download-token';
import { runCustomerExport } from '@leaseboard/domain/exports/run-customer-export';
import { apiKeyFor, gid, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { buildReportFixture, NOW, type ReportFixture } from '@leaseboard/domain/test/report-fixture';

let t: TestApp;
let f: ReportFixture;
let dataDir: string;
let ownerA: Record<string, string>;
let ownerB: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  f = await buildReportFixture(t.db);
  dataDir = await mkdtemp(join(tmpdir(), 'lb-exports-api-'));
  ownerA = (await signedInUser(t.db, t.clock, f.partnerA.id, 'OWNER')).headers;
  ownerB = (await signedInUser(t.db, t.clock, f.partnerB.id, 'OWNER')).headers;
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const START = `mutation($input: StartCustomerExportInput!) {
  startCustomerExport(input: $input) { export { id status format scope productTypeId rowsDone totalRows progress downloadUrl } userErrors { field code } }
}`;
const EXPORT = 'query($id: ID!) { export(id: $id) { id status rowsDone totalRows progress downloadUrl expiresAt error } }';

type Started = { startCustomerExport: { export: { id: string; status: string; progress: number; downloadUrl: string | null } | null; userErrors: { field: string[]; code: string }[] } };
type One = { export: { id: string; status: string; rowsDone: number; totalRows: number | null; progress: number; downloadUrl: string | null; expiresAt: string | null } | null };

async function start(headers: Record<string, string>, input: Record<string, unknown> = { scope: 'ALL', format: 'CSV' }) {
  return t.gql<Started>(START, { input }, headers);
}

const numberOf = (id: string) => Number(Buffer.from(id, 'base64').toString().split(':')[1]);
const run = (id: string) => runCustomerExport({ pool: poolOf(t.db), clock: t.clock, dataDir }, numberOf(id), { lastAttempt: false, chunkSize: 1 });
const fetchPath = (url: URL | string) => {
  const { pathname, search } = new URL(url, 'http://test.local');
  return t.app.fetch(new Request(`http://test.local${pathname}${search}`));
};

/** A finished export of partner A and its download link, as export(id) shows it. */
async function finishedExport() {
  const id = (await start(ownerA)).data.startCustomerExport.export!.id;
  await run(id);
  const url = new URL((await t.gql<One>(EXPORT, { id }, ownerA)).data.export!.downloadUrl!);
  return { id, url, token: url.searchParams.get('token')! };
}

describe('startCustomerExport', () => {
  it('records a QUEUED export of the partner’s customers', async () => {
    const { data, errors } = await start(ownerA, { scope: 'CURRENT', format: 'JSONL', productTypeId: gid('ProductType', f.types.SMARTERMAIL) });
    expect(errors).toBeUndefined();
    expect(data.startCustomerExport).toEqual({
      export: { id: expect.any(String), status: 'QUEUED', format: 'JSONL', scope: 'CURRENT', productTypeId: gid('ProductType', f.types.SMARTERMAIL), rowsDone: 0, totalRows: null, progress: 0, downloadUrl: null },
      userErrors: [],
    });
    const row = await t.db.export.findUniqueOrThrow({ where: { id: numberOf(data.startCustomerExport.export!.id) } });
    expect(row.partnerId).toBe(f.partnerA.id);
    expect(await t.db.auditLog.count({ where: { action: 'customers.export', targetId: String(row.id) } })).toBe(1);
  });

  it('refuses a product type that does not exist', async () => {
    const { data } = await start(ownerA, { scope: 'ALL', format: 'CSV', productTypeId: gid('ProductType', 999_999) });
    expect(data.startCustomerExport).toEqual({ export: null, userErrors: [{ field: ['productTypeId'], code: 'PRODUCT_TYPE_NOT_FOUND' }] });
  });

  it('refuses `from` after `to`', async () => {
    const { errors } = await start(ownerA, { scope: 'ALL', format: 'CSV', from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' });
    expect(errors?.[0]?.message).toContain('`from` must be before `to`');
  });

  it.each([
    ['a MANAGER', async () => (await signedInUser(t.db, t.clock, f.partnerA.id, 'MANAGER')).headers],
    ['an API key without customers:export', async () => (await apiKeyFor(t.db, f.partnerA.id, ['customers:read', 'reports:read'])).headers],
    ['vendor staff', async () => (await signedInUser(t.db, t.clock, null, 'ADMIN')).headers],
  ])('refuses %s', async (_who, headersOf) => {
    const before = await t.db.export.count();
    const { errors } = await start(await headersOf());
    expect(errors?.map((e) => e.message)).toEqual([expect.stringMatching(/^Not authorized/)]);
    expect(await t.db.export.count()).toBe(before);
  });
});

describe('export and exports', () => {
  it('follow the export to SUCCEEDED with a download link', async () => {
    const id = (await start(ownerA)).data.startCustomerExport.export!.id;
    await run(id);
    const { data } = await t.gql<One>(EXPORT, { id }, ownerA);
    expect(data.export).toMatchObject({ status: 'SUCCEEDED', rowsDone: 4, totalRows: 4, progress: 1, expiresAt: '2025-03-16T12:00:00.000Z' });
    const url = new URL(data.export!.downloadUrl!);
    expect(url.origin).toBe('http://localhost:4000');
    const file = await t.app.fetch(new Request(`http://test.local${url.pathname}${url.search}`));
    expect(file.status).toBe(200);
    expect((await file.text()).split('\r\n')).toHaveLength(6);
  });

  it('drop the download link once it expired', async () => {
    const id = (await start(ownerA)).data.startCustomerExport.export!.id;
    await run(id);
    t.clock.advance(24 * 3600_000 + 1);
    expect((await t.gql<One>(EXPORT, { id }, ownerA)).data.export!.downloadUrl).toBeNull();
    t.clock.set(NOW);
  });

  it('never show another partner’s export', async () => {
    const id = (await start(ownerA)).data.startCustomerExport.export!.id;
    expect((await t.gql<One>(EXPORT, { id }, ownerB)).data.export).toBeNull();
    const mine = await t.gql<{ exports: { edges: { node: { id: string } }[] } }>('{ exports(first: 100) { edges { node { id } } } }', {}, ownerB);
    expect(mine.data.exports.edges).toEqual([]);
    const theirs = await t.gql<{ exports: { edges: { node: { id: string } }[] } }>('{ exports(first: 100) { edges { node { id } } } }', {}, ownerA);
    expect(theirs.data.exports.edges[0]!.node.id).toBe(id);
    expect((await t.gql<{ node: unknown }>('query($id: ID!) { node(id: $id) { id } }', { id }, ownerB)).data.node).toBeNull();
  });
});

describe('the download link', () => {
  it('is the same on every read, stores nothing secret, and works', async () => {
    const { id, url, token } = await finishedExport();
    expect((await t.gql<One>(EXPORT, { id }, ownerA)).data.export!.downloadUrl).toBe(url.href);
    const row = await t.db.export.findUniqueOrThrow({ where: { id: numberOf(id) } });
    expect(token).toBe(exportDownloadToken(t.config.sessionSecret, row.id, row.expiresAt!));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await fetchPath(url)).status).toBe(200);
  });

  it('answers 404 for a tampered token', async () => {
    const { url, token } = await finishedExport();
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [flipped, token.slice(0, -1), `${token}A`, token.toLowerCase(), '']) {
      const tampered = new URL(url);
      tampered.searchParams.set('token', bad);
      expect((await fetchPath(tampered)).status).toBe(404);
    }
  });

  it('answers 404 for the token of another export', async () => {
    const first = await finishedExport();
    const second = await finishedExport();
    expect((await fetchPath(`/exports/${numberOf(second.id)}/download?token=${encodeURIComponent(first.token)}`)).status).toBe(404);
    expect((await fetchPath(`/exports/${numberOf(first.id)}/download?token=${encodeURIComponent(second.token)}`)).status).toBe(404);
  });

  it('answers 404 for a token signed with another secret', async () => {
    const { id, url } = await finishedExport();
    const row = await t.db.export.findUniqueOrThrow({ where: { id: numberOf(id) } });
    const forged = new URL(url);
    forged.searchParams.set('token', exportDownloadToken('another secret of at least thirty-two characters', row.id, row.expiresAt!));
    expect((await fetchPath(forged)).status).toBe(404);
  });

  it('answers 410 once expired, and still 410 after the sweep deleted the file and the export is EXPIRED', async () => {
    const { id, url } = await finishedExport();
    t.clock.advance(24 * 3600_000);
    try {
      expect((await fetchPath(url)).status).toBe(410);
      expect((await deleteExpiredExports(t.db, dataDir, t.clock.now())).expired).toContain(numberOf(id));
      expect((await t.gql<One>(EXPORT, { id }, ownerA)).data.export).toMatchObject({ status: 'EXPIRED', downloadUrl: null, expiresAt: '2025-03-16T12:00:00.000Z' });
      expect((await fetchPath(url)).status).toBe(410);
    } finally {
      t.clock.set(NOW);
    }
  });
});

describe('exportProgress (Server-Sent Events)', () => {
  it('streams the export’s progress until it SUCCEEDED', async () => {
    const id = (await start(ownerA)).data.startCustomerExport.export!.id;
    const response = await t.app.fetch(
      new Request('http://test.local/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...ownerA },
        body: JSON.stringify({ query: 'subscription($id: ID!) { exportProgress(id: $id) { status rowsDone progress } }', variables: { id } }),
      }),
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const body = response.text();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await run(id);
    const events = (await body)
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 6)
      .map((line) => (JSON.parse(line.slice(6)) as { data: { exportProgress: { status: string; rowsDone: number; progress: number } } }).data.exportProgress);
    expect(events[0]).toEqual({ status: 'QUEUED', rowsDone: 0, progress: 0 });
    expect(events[events.length - 1]).toEqual({ status: 'SUCCEEDED', rowsDone: 4, progress: 1 });
  });

  it('sends an EXPIRED export once and ends', async () => {
    const { id } = await finishedExport();
    await t.db.export.update({ where: { id: numberOf(id) }, data: { status: 'EXPIRED', filePath: null } });
    const response = await t.app.fetch(
      new Request('http://test.local/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...ownerA },
        body: JSON.stringify({ query: 'subscription($id: ID!) { exportProgress(id: $id) { status downloadUrl } }', variables: { id } }),
      }),
    );
    const events = (await response.text()).split('\n').filter((line) => line.startsWith('data: ') && line.length > 6);
    expect(events.map((line) => JSON.parse(line.slice(6)) as unknown)).toEqual([{ data: { exportProgress: { status: 'EXPIRED', downloadUrl: null } } }]);
  });

  it('ends at once for another partner’s export', async () => {
    const id = (await start(ownerA)).data.startCustomerExport.export!.id;
    const response = await t.app.fetch(
      new Request('http://test.local/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...ownerB },
        body: JSON.stringify({ query: 'subscription($id: ID!) { exportProgress(id: $id) { status } }', variables: { id } }),
      }),
    );
    expect((await response.text()).split('\n').filter((line) => line.startsWith('data: ') && line.length > 6)).toEqual([]);
  });
});
