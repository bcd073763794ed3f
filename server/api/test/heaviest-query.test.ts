import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parse } from 'graphql';
import { schema } from '@leaseboard/schema';
import { COST_LIMIT, operationCost } from '@leaseboard/schema/cost';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogOf, createBulkCustomers, createPartner, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

/**
 * The most expensive request the cost limit lets through, run against a partner big enough that every page
 * is full: 100 invoices of 100 leases with 2 lines each (20,000 lines). Bounds are generous on purpose (a
 * loaded 2-core machine); the figures are printed for the record.
 */
const INVOICES = 100;
const LEASES = 100;
const MAX_SECONDS = 10;
const MAX_BYTES = 4_000_000;
const MAX_HEALTHZ_MS = 1_000;
const MAX_STALL_MS = 3_000;

const LINE = 'kind leaseNumber customerEmail description sku priceCents days divisor fromDate toDate amountCents';
const SHAPES: Record<string, (invoices: number, page: number) => string> = {
  lines: (n, m) => `{ invoices(first: ${n}) { edges { node { number totalCents lines(first: ${m}) { totalCount edges { node { ${LINE} } } } } } } }`,
  leases: (n, m) =>
    `{ invoices(first: ${n}) { edges { node { number leases(first: ${m}) { totalCount edges { node { leaseNumber customerEmail subtotalCents lease { leaseNumber machineName customer { email name } } lines { ${LINE} } } } } } } } }`,
};

let t: TestApp;
let owner: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const partnerId = (await createPartner(t.db)).id;
  owner = (await signedInUser(t.db, t.clock, partnerId, 'OWNER')).headers;
  await catalogOf(t.db);
  await createBulkCustomers(t.db, partnerId, LEASES);
  await t.db.$executeRaw`
    INSERT INTO "Invoice" ("partnerId", period, "periodStart", "periodEnd", status, number, "subtotalCents", "totalCents", "updatedAt")
    SELECT ${partnerId}::int, to_char(m, 'YYYY-MM'), m, m + interval '1 month', 'OPEN', 'INV-HEAVY-' || to_char(m, 'YYYY-MM'), 0, 0, now()
    FROM generate_series('2015-01-01'::timestamptz, '2015-01-01'::timestamptz + (${INVOICES - 1}::int * interval '1 month'), interval '1 month') m`;
  // Two lines (product and add-on) per lease per invoice.
  await t.db.$executeRaw`
    INSERT INTO "InvoiceLine" ("invoiceId", "leaseId", kind, "customerEmail", description, sku, "priceCents", days, divisor, "fromDate", "toDate", "amountCents")
    SELECT i.id, l.id, k.kind::"InvoiceLineKind", l."customerEmailNorm", k.description, k.sku, 1600, 30, 30, i."periodStart", i."periodStart", 1600
    FROM "Invoice" i
    JOIN "Lease" l ON l."partnerId" = i."partnerId"
    CROSS JOIN (VALUES ('PRODUCT', 'SmarterMail Professional 250 mailboxes', 'SM-PRO-250'), ('ADD_ON', 'ActiveSync', 'SM-AO-ACTIVESYNC')) AS k(kind, description, sku)
    WHERE i."partnerId" = ${partnerId}::int
    ORDER BY i.id, l.id, k.kind DESC`;
  expect(await t.db.invoiceLine.count({ where: { invoice: { partnerId } } })).toBe(INVOICES * LEASES * 2);
}, 120_000);
afterAll(() => t.close());

function costOf(query: string): number {
  return operationCost(schema, parse(query), null, {}, {}).complexity;
}

/** For each shape and inner page size, the most invoices the limit allows: the heaviest requests it accepts. */
function heaviestAccepted(): { name: string; query: string; cost: number }[] {
  const found = [];
  for (const [name, shape] of Object.entries(SHAPES)) {
    for (const page of [100, 50, 25]) {
      let invoices = 0;
      while (invoices < 100 && costOf(shape(invoices + 1, page)) <= COST_LIMIT.complexity) invoices += 1;
      if (invoices > 0) found.push({ name: `${name}: ${invoices} invoices × ${page}`, query: shape(invoices, page), cost: costOf(shape(invoices, page)) });
    }
  }
  return found.sort((a, b) => b.cost - a.cost);
}

async function post(query: string) {
  return t.app.fetch(new Request('http://test.local/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...owner }, body: JSON.stringify({ query }) }));
}

/** Runs the request while probing /healthz every 50 ms; the slowest probe and the event loop's longest stall. */
async function runWithProbes(query: string) {
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  stalls.enable();
  const started = performance.now();
  let done = false;
  const answer = post(query).then(async (response) => ({ status: response.status, text: await response.text() })).finally(() => (done = true));
  const probes: number[] = [];
  while (!done) {
    const sent = performance.now();
    const health = await t.app.fetch(new Request('http://test.local/healthz'));
    probes.push(performance.now() - sent);
    expect(health.status).toBe(200);
    await new Promise((wait) => setTimeout(wait, 50));
  }
  const { status, text } = await answer;
  stalls.disable();
  return { status, text, seconds: (performance.now() - started) / 1000, bytes: Buffer.byteLength(text), slowestProbeMs: Math.max(...probes), probes: probes.length, longestStallMs: stalls.max / 1e6 };
}

describe('the most expensive request the cost limit accepts', () => {
  it('is refused one step further: the limit binds', () => {
    const [heaviest] = heaviestAccepted();
    expect(heaviest!.cost).toBeLessThanOrEqual(COST_LIMIT.complexity);
    expect(heaviest!.cost).toBeGreaterThan(COST_LIMIT.complexity * 0.9);
  });

  it('finishes within seconds and a few MB, full pages every time, while /healthz keeps answering', async () => {
    for (const candidate of heaviestAccepted().slice(0, 3)) {
      const run = await runWithProbes(candidate.query);
      console.log(`${candidate.name} (${candidate.cost} points): ${run.seconds.toFixed(2)} s, ${(run.bytes / 1e6).toFixed(2)} MB, slowest /healthz ${run.slowestProbeMs.toFixed(0)} ms of ${run.probes}, longest event-loop stall ${run.longestStallMs.toFixed(0)} ms`);
      expect(run.status).toBe(200);
      const body = JSON.parse(run.text) as { errors?: unknown; data: { invoices: { edges: { node: { lines?: { edges: unknown[] }; leases?: { edges: unknown[] } } }[] } } };
      expect(body.errors).toBeUndefined();
      const first = body.data.invoices.edges[0]!.node;
      expect((first.lines ?? first.leases)!.edges.length).toBeGreaterThanOrEqual(25);
      expect(run.seconds).toBeLessThan(MAX_SECONDS);
      expect(run.bytes).toBeLessThan(MAX_BYTES);
      expect(run.slowestProbeMs).toBeLessThan(MAX_HEALTHZ_MS);
      // A probe that arrived in the longest stall would have waited that long.
      expect(run.longestStallMs).toBeLessThan(MAX_STALL_MS);
    }
  }, 120_000);
});
