import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFor, gid, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { buildReportFixture, NOW, type ReportFixture } from '@leaseboard/domain/test/report-fixture';

let t: TestApp;
let f: ReportFixture;
let owner: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  f = await buildReportFixture(t.db);
  owner = (await signedInUser(t.db, t.clock, f.partnerA.id, 'OWNER')).headers;
});
afterAll(() => t.close());

function get(path: string, headers: Record<string, string> = {}) {
  return t.app.fetch(new Request(`http://test.local${path}`, { headers }));
}

/** The body as sent, byte order mark included (Response.text() drops it). */
async function bodyOf(response: Response): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
}

const HEADER = 'email,name,company,active_leases,total_leases,products_in_use,add_ons_in_use,first_lease_at,last_activity_at,monthly_amount_cents,monthly_amount,machine_names';

// The fixture's partner A, worked out by hand (see test/report-fixture.ts).
const ALICE = 'Alice@Example.test,Alice Ädams,"Adams, ""Ltd""",1,2,SmarterMail Enterprise 250 mailboxes,ActiveSync; Premium Antispam,2025-01-10T09:00:00.000Z,2025-03-14T08:00:00.000Z,2200,$22.00,mail01';
const BOB = "bob@example.test,Bob Brown,'\tTabbed Inc,2,2,SmarterStats Enterprise 50 sites; SmarterTrack Professional 5 agents,,2024-12-05T00:00:00.000Z,2025-02-13T12:00:00.000Z,2400,$24.00,stats01";
const CAROL = "carol@example.test,Carol Cole,'=cmd|' /C calc'!A0,1,2,SmarterMail Professional 100 mailboxes,,2024-11-01T00:00:00.000Z,2025-03-11T00:00:00.000Z,650,$6.50,'+mx02";
const DAVE = "dave@example.test,'-Dave Dash,'@Home,0,1,,,2024-06-01T00:00:00.000Z,2024-09-01T00:00:00.000Z,0,$0.00,";

describe('GET /exports/customers.csv', () => {
  describe('for every customer (scope ALL)', () => {
    it('streams exactly the expected file: BOM, header, CRLF, neutralised cells', async () => {
      const response = await get('/exports/customers.csv?scope=ALL', owner);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="customers-2025-03-15.csv"');
      expect(await bodyOf(response)).toBe(`\uFEFF${[HEADER, ALICE, BOB, CAROL, DAVE].join('\r\n')}\r\n`);
    });

    it('parses back (csv-parse) to the same cells, the formula-like ones prefixed with an apostrophe', async () => {
      const bytes = new Uint8Array(await (await get('/exports/customers.csv', owner)).arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const records = parse(Buffer.from(bytes), { bom: true, columns: true }) as Record<string, string>[];
      expect(records.map((r) => r['email'])).toEqual(['Alice@Example.test', 'bob@example.test', 'carol@example.test', 'dave@example.test']);
      expect(records[0]).toMatchObject({ name: 'Alice Ädams', company: 'Adams, "Ltd"', add_ons_in_use: 'ActiveSync; Premium Antispam', monthly_amount_cents: '2200' });
      expect(records[2]).toMatchObject({ company: "'=cmd|' /C calc'!A0", machine_names: "'+mx02" });
      expect(records[3]).toMatchObject({ name: "'-Dave Dash", company: "'@Home", active_leases: '0' });
      expect(records[1]!['company']).toBe("'\tTabbed Inc");
    });
  });

  describe('for current customers only', () => {
    it('leaves out customers without an active lease', async () => {
      const text = await bodyOf(await get('/exports/customers.csv?scope=CURRENT', owner));
      expect(text).toBe(`\uFEFF${[HEADER, ALICE, BOB, CAROL].join('\r\n')}\r\n`);
    });
  });

  describe('filtered by product type', () => {
    it('keeps customers with such leases and sums only those leases', async () => {
      const records = parse(await (await get(`/exports/customers.csv?productTypeId=${gid('ProductType', f.types.SMARTERMAIL)}`, owner)).text(), { bom: true, columns: true }) as Record<string, string>[];
      expect(records.map((r) => [r['email'], r['active_leases'], r['total_leases'], r['monthly_amount_cents']])).toEqual([
        ['Alice@Example.test', '1', '2', '2200'],
        ['carol@example.test', '1', '2', '650'],
      ]);
    });
  });

  describe('filtered by start date', () => {
    it('keeps customers with a lease started in [from, to)', async () => {
      const path = '/exports/customers.csv?from=2025-01-15T00:00:00Z&to=2025-03-01T00:00:00Z';
      const all = parse(await (await get(path, owner)).text(), { bom: true, columns: true }) as Record<string, string>[];
      expect(all.map((r) => [r['email'], r['active_leases'], r['total_leases']])).toEqual([
        ['Alice@Example.test', '0', '1'], // L2 only, stopped
        ['bob@example.test', '1', '1'], // L4 only
      ]);
      const current = parse(await (await get(`${path}&scope=CURRENT`, owner)).text(), { bom: true, columns: true }) as Record<string, string>[];
      expect(current.map((r) => r['email'])).toEqual(['bob@example.test']);
    });
  });

  describe('with no matching customer', () => {
    it('is still a file with the header', async () => {
      const text = await bodyOf(await get('/exports/customers.csv?from=2030-01-01T00:00:00Z', owner));
      expect(text).toBe(`\uFEFF${HEADER}\r\n`);
    });
  });

  describe('with a malformed filter', () => {
    it.each(['scope=SOME', 'from=yesterday', 'productTypeId=nope', 'from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z'])('answers 400 (%s)', async (query) => {
      expect((await get(`/exports/customers.csv?${query}`, owner)).status).toBe(400);
    });
  });
});

describe('GET /exports/customers.jsonl', () => {
  it('writes one JSON object per customer, lists as arrays', async () => {
    const response = await get('/exports/customers.jsonl?scope=CURRENT', owner);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual({
      email: 'bob@example.test',
      name: 'Bob Brown',
      company: '\tTabbed Inc',
      activeLeases: 2,
      totalLeases: 2,
      productsInUse: ['SmarterStats Enterprise 50 sites', 'SmarterTrack Professional 5 agents'],
      addOnsInUse: [],
      firstLeaseAt: '2024-12-05T00:00:00.000Z',
      lastActivityAt: '2025-02-13T12:00:00.000Z',
      monthlyAmountCents: 2400,
      monthlyAmount: '$24.00',
      machineNames: ['stats01'],
    });
  });
});

describe('who may export', () => {
  it('never shows another partner’s customers', async () => {
    const ownerB = (await signedInUser(t.db, t.clock, f.partnerB.id, 'OWNER')).headers;
    const text = await (await get('/exports/customers.csv', ownerB)).text();
    expect(text).toContain('alice@example.test,Alice at B');
    expect(text).not.toContain('bob@example.test');
    expect(text.trimEnd().split('\r\n')).toHaveLength(2);
  });

  it('lets an ANALYST export', async () => {
    const analyst = (await signedInUser(t.db, t.clock, f.partnerA.id, 'ANALYST')).headers;
    expect((await get('/exports/customers.csv', analyst)).status).toBe(200);
  });

  it.each(['MANAGER', 'BILLING'] as const)('refuses a %s with 403', async (role) => {
    const user = (await signedInUser(t.db, t.clock, f.partnerA.id, role)).headers;
    const response = await get('/exports/customers.csv', user);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('example.test');
  });

  it('refuses vendor staff, who have no customers:export', async () => {
    const admin = (await signedInUser(t.db, t.clock, null, 'ADMIN')).headers;
    expect((await get('/exports/customers.csv', admin)).status).toBe(403);
  });

  it('accepts an API key with customers:export and refuses one without', async () => {
    const withScope = await apiKeyFor(t.db, f.partnerA.id, ['customers:export']);
    const without = await apiKeyFor(t.db, f.partnerA.id, ['customers:read', 'leases:read', 'reports:read']);
    const ok = await get('/exports/customers.jsonl', withScope.headers);
    expect(ok.status).toBe(200);
    expect((await ok.text()).trimEnd().split('\n')).toHaveLength(4);
    expect((await get('/exports/customers.jsonl', without.headers)).status).toBe(403);
  });

  it('answers 401 without credentials or with a bad key', async () => {
    expect((await get('/exports/customers.csv')).status).toBe(401);
    expect((await get('/exports/customers.csv', { authorization: 'Bearer lbk_nope' })).status).toBe(401);
  });

  it('records who exported what in the audit log', async () => {
    const before = await t.db.auditLog.count({ where: { action: 'customers.export', partnerId: f.partnerA.id } });
    await (await get('/exports/customers.csv?scope=CURRENT', owner)).text();
    expect(await t.db.auditLog.count({ where: { action: 'customers.export', partnerId: f.partnerA.id } })).toBe(before + 1);
  });
});
