import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLiveBus, pgListen, type LiveBus } from '@leaseboard/domain/live/live-bus';
import { silentLogger } from '@leaseboard/domain/logger';
import { apiKeyFor, createPartner, signedInUser, startedLease } from '@leaseboard/domain/test/factories';
import { createTestServices, type TestServices } from '@leaseboard/domain/test/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { openLiveStream } from './live-stream.ts';

let services: TestServices;
let live: LiveBus;
let app: App;

beforeAll(async () => {
  services = await createTestServices();
  live = await createLiveBus(services.database.listen ?? pgListen(services.database.url, silentLogger), silentLogger);
  app = createApp({ db: services.db, clock: services.clock, logger: silentLogger, config: services.config, jobs: null, live });
});
afterAll(async () => {
  await live.close();
  await services.close();
});

const subscribe = (headers: Record<string, string>) => openLiveStream(app, headers);

/** Starts one lease per partner, in order, in a process of its own; resolves with the lease ids. */
function startLeasesElsewhere(partnerIds: number[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./start-lease-process.ts', import.meta.url)), ...partnerIds.map(String), '--exit'], {
      env: { ...process.env, DATABASE_URL: services.database.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve([...out.matchAll(/^lease \d+ (\d+)$/gm)].map((m) => Number(m[1]))) : reject(new Error(`exit ${code}`))));
  });
}

describe('liveUpdates', () => {
  describe('when another process starts leases for two partners', () => {
    it("tells each subscriber of its own partner's lease only", async () => {
      const [a, b] = [await createPartner(services.db), await createPartner(services.db)];
      const ownerA = await signedInUser(services.db, services.clock, a.id, 'OWNER');
      const streamA = await subscribe(ownerA.headers);
      // The subscription is registered before the first event is read; give the request a moment to reach subscribe().
      await new Promise((resolve) => setTimeout(resolve, 200));

      const [leaseB, leaseA] = await startLeasesElsewhere([b.id, a.id]);
      const updates = await streamA.until((u) => u.type === 'lease.started');
      streamA.close();
      // B's lease committed first: had it leaked, it would be here before A's.
      expect(updates.map((u) => [u.type, u.lease?.leaseNumber ?? null])).toEqual([
        ['customer.created', null],
        ['lease.started', leaseA],
      ]);
      expect(updates.some((u) => u.lease?.leaseNumber === leaseB)).toBe(false);
      expect(updates[1]!.lease!.status).toBe('ACTIVE');
    });
  });

  describe("when the viewer's scopes do not read leases", () => {
    it('hears nothing of them', async () => {
      const a = await createPartner(services.db);
      const billingOnly = await apiKeyFor(services.db, a.id, ['billing:read']);
      const leasesToo = await apiKeyFor(services.db, a.id, ['leases:read']);
      const [blind, seeing] = [await subscribe(billingOnly.headers), await subscribe(leasesToo.headers)];
      await new Promise((resolve) => setTimeout(resolve, 200));
      const lease = await startedLease(services.db, services.clock, a.id);
      await seeing.until((u) => u.lease?.leaseNumber === lease.id);
      seeing.close();
      blind.close();
      expect(blind.updates).toEqual([]);
    });
  });
});

describe('exportProgress over live updates', () => {
  it('hears every change of the row, whoever writes it, and streams it until SUCCEEDED', async () => {
    const a = await createPartner(services.db);
    const owner = await signedInUser(services.db, services.clock, a.id, 'OWNER');
    const row = await services.db.export.create({ data: { partnerId: a.id, format: 'CSV', filter: { scope: 'ALL' }, status: 'QUEUED' } });
    const heard: number[] = [];
    const stop = live.subscribe(a.id, (m) => m.type === 'export.progress' && heard.push(m.exportId!));

    const response = await app.fetch(
      new Request('http://test.local/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...owner.headers },
        body: JSON.stringify({ query: 'subscription($id: ID!) { exportProgress(id: $id) { status rowsDone } }', variables: { id: Buffer.from(`Export:${row.id}`).toString('base64') } }),
      }),
    );
    const text = response.text();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // What the export process does, in plain SQL through its own connection.
    await services.db.$executeRaw`UPDATE "Export" SET status = 'RUNNING', "rowsDone" = 0, "totalRows" = 2 WHERE id = ${row.id}`;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await services.db.$executeRaw`UPDATE "Export" SET status = 'SUCCEEDED', "rowsDone" = 2 WHERE id = ${row.id}`;
    const events = (await text)
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.length > 6)
      .map((line) => (JSON.parse(line.slice(6)) as { data: { exportProgress: { status: string } } }).data.exportProgress.status);
    stop();
    expect(events[0]).toBe('QUEUED');
    expect(events.at(-1)).toBe('SUCCEEDED');
    expect(heard).toEqual([row.id, row.id]);
  });
});
