import fc from 'fast-check';
import type { GraphQLField } from 'graphql';
import { schema } from '@leaseboard/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness.ts';
import { describeRequest, outcomeOf, problemWith, refused, type FuzzRequest } from './fuzz-request.ts';
import { fuzzResolver, fuzzWorld, type FuzzWorld } from './fuzz-world.ts';
import { OperationArbitraries } from './graphql-operations.ts';
import { routes } from '../../src/http/route-list.ts';
import { documentAttacks, FUZZED_ROUTES, graphqlGet, oddHeaders, routeTargets } from './route-requests.ts';
import { installChangeJournal, RECORDS_ITS_REFUSALS, type ChangeJournal } from './change-journal.ts';

/**
 * Every query and mutation of the built schema and every HTTP route, called with generated bad input by four
 * kinds of caller. Nothing may answer a 5xx or an internal error, and a refused write must leave every table
 * as it was. A new operation is covered without editing this file. Another run:
 * FUZZ_SEED=123 FUZZ_RUNS=50000 npx vitest run test/fuzz/schema-fuzz.test.ts
 * FUZZ_SHOW=Mutation.addContact prints the requests of the targets named so, with their answers.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_204);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 10_000);
const CHUNK = 40;
const PARALLEL = 6;

let t: TestApp;
let world: FuzzWorld;
let journal: ChangeJournal;

beforeAll(async () => {
  t = await createTestApp({ now: '2025-01-15T12:00:00Z', resolve: fuzzResolver });
  world = await fuzzWorld(t);
  journal = await installChangeJournal(t.db);
});
afterAll(() => t?.close());

/** One arbitrary per target: each root field of Query and Mutation, each route, whole documents, GET. */
function targets(): Record<string, fc.Arbitrary<FuzzRequest>> {
  const kinds = (['plausible', 'oneBad', 'wild'] as const).map((defects) => new OperationArbitraries(schema, world.pools, defects));
  const field = (kind: 'query' | 'mutation', f: GraphQLField<unknown, unknown>) => fc.oneof(...kinds.map((k) => k.rootField(kind, f)));
  const queries = Object.values(schema.getQueryType()!.getFields()).map((f) => [`Query.${f.name}`, field('query', f)] as const);
  const mutations = Object.values(schema.getMutationType()!.getFields()).map((f) => [`Mutation.${f.name}`, field('mutation', f)] as const);
  return {
    ...Object.fromEntries([...queries, ...mutations]),
    ...routeTargets(world.pools),
    'POST /graphql (whole documents)': documentAttacks(),
    'odd headers': oddHeaders(),
    'GET /graphql': graphqlGet(fc.oneof(...queries.map(([, arb]) => arb))),
  };
}

/** RUNS requests, the targets taking turns, each target's own stream drawn from SEED. */
function requests(all: Record<string, fc.Arbitrary<FuzzRequest>>): FuzzRequest[] {
  const perTarget = Math.ceil(RUNS / Object.keys(all).length);
  const streams = Object.values(all).map((arb, i) => fc.sample(arb, { seed: SEED + i, numRuns: perTarget }));
  return Array.from({ length: perTarget }, (_, j) => streams.map((s) => s[j]!)).flat().slice(0, RUNS);
}

async function send(request: FuzzRequest): Promise<{ status: number; text: string | null }> {
  const response = await t.app.fetch(
    new Request(`http://test.local${request.path}`, { method: request.method, headers: { ...world.headersOf(request.caller), ...request.headers }, body: request.body }),
  );
  return { status: response.status, text: await response.text().catch(() => null) };
}

describe('the change journal', () => {
  it('notes an insert, and an update only of columns a refusal may not change', async () => {
    await journal.takeChanges();
    const contact = await t.db.contact.create({ data: { partnerId: (await t.db.partner.findFirstOrThrow()).id, name: 'Journal', email: 'journal@x.test' } });
    expect(await journal.takeChanges()).toEqual(['Contact']);
    await t.db.session.updateMany({ data: { lastSeenAt: new Date('2025-01-15T12:00:01Z') } });
    expect(await journal.takeChanges()).toEqual([]);
    await t.db.contact.delete({ where: { id: contact.id } });
    expect(await journal.takeChanges()).toEqual(['Contact']);
  });
});

describe('the fuzz targets', () => {
  it('include every route of http/route-list.ts (a new one needs a target in route-requests.ts)', () => {
    expect(routes.map((route) => route.name).sort()).toEqual([...FUZZED_ROUTES].sort());
  });
});

describe('the verdict on an answer', () => {
  it('fails a 5xx, a masked error and a stack trace, and passes a refusal', () => {
    expect(problemWith(503, '{}')).toBe('HTTP 503');
    expect(problemWith(200, '{"errors":[{"message":"Unexpected error."}]}')).toMatch(/internal error/);
    expect(problemWith(400, '{"error":"x\\n    at parse (/app/src/x.ts:1:2)"}')).toMatch(/stack trace/);
    expect(problemWith(200, null)).toMatch(/could not be read/);
    expect(problemWith(400, '{"errors":[{"message":"node.id is not a valid ID."}]}')).toBeNull();
  });

  it('counts a write as refused only when no root field was done', () => {
    expect(refused('Mutation.stopLease', 200, '{"data":{"stopLease":{"userErrors":[{"code":"LEASE_NOT_FOUND"}]}}}')).toBe(true);
    expect(refused('Mutation.stopLease', 200, '{"data":null,"errors":[{"message":"x"}]}')).toBe(true);
    expect(refused('Mutation.stopLease', 200, '{"data":{"a0":{"userErrors":[{"code":"X"}]},"a1":{"userErrors":[]}}}')).toBe(false);
    expect(refused('POST /licensing/activate', 200, '{"valid":false,"code":"KEY_UNKNOWN"}')).toBe(true);
    expect(refused('POST /licensing/activate', 200, '{"valid":true,"code":"VALID"}')).toBe(false);
  });
});

describe('the schema-generated fuzz test', () => {
  it(`answers every fuzzed request without a 5xx or an internal error, and a refused write changes no table`, async () => {
    const all = targets();
    const batch = requests(all);
    const failures: string[] = [];
    const hits = new Map<string, number>();
    const outcomes = { done: 0, userErrors: 0, errors: 0, '4xx': 0 };
    const done = new Set<string>();
    const spent = new Map<string, number>();
    let comparedWrites = 0;
    let readMs = 0;
    let writeMs = 0;
    const started = performance.now();
    console.log(`fuzz: seed ${SEED} (FUZZ_SEED), ${batch.length} requests (FUZZ_RUNS) over ${Object.keys(all).length} targets`);

    const check = async (request: FuzzRequest) => {
      hits.set(request.target, (hits.get(request.target) ?? 0) + 1);
      const sentAt = performance.now();
      const answer = await send(request).catch((error: unknown) => ({ status: 0, text: null, thrown: String(error) }));
      const problem = 'thrown' in answer ? `app.fetch threw ${answer.thrown}` : problemWith(answer.status, answer.text);
      spent.set(request.target, (spent.get(request.target) ?? 0) + performance.now() - sentAt);
      const outcome = outcomeOf(answer.status, answer.text);
      if (process.env['FUZZ_SHOW'] && request.target.includes(process.env['FUZZ_SHOW'])) console.log(`${describeRequest(request)}\n  → ${answer.status} ${answer.text?.slice(0, 400)}`);
      outcomes[outcome]++;
      if (outcome === 'done') done.add(request.target);
      if (problem) failures.push(`${problem}: ${describeRequest(request)}\n  → ${answer.text?.slice(0, 300)}`);
      return answer;
    };

    for (let start = 0; start < batch.length; start += CHUNK) {
      const chunk = batch.slice(start, start + CHUNK);
      t.statements.length = 0;
      const reads = chunk.filter((r) => !r.write);
      let at = performance.now();
      for (let i = 0; i < reads.length; i += PARALLEL) await Promise.all(reads.slice(i, i + PARALLEL).map(check));
      readMs += performance.now() - at;
      at = performance.now();
      // Writes one at a time, each followed by the tables it changed.
      await journal.takeChanges();
      for (const request of chunk.filter((r) => r.write)) {
        const answer = await check(request);
        const changed = await journal.takeChanges();
        if (answer.text !== null && refused(request.target, answer.status, answer.text)) {
          comparedWrites++;
          const unexpected = changed.filter((table) => !RECORDS_ITS_REFUSALS[request.target]?.includes(table));
          if (unexpected.length) failures.push(`a refused write changed ${unexpected.join(', ')}: ${describeRequest(request)}\n  → ${answer.text.slice(0, 300)}`);
        } else if (changed.length) {
          // A done write may have signed a caller out, revoked its key or suspended its partner.
          await world.restoreCallers();
          await journal.takeChanges();
        }
      }
      writeMs += performance.now() - at;
    }

    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: ${batch.length} requests in ${seconds.toFixed(1)} s, ${comparedWrites} refused writes compared, reads ${(readMs / 1000).toFixed(1)} s, writes ${(writeMs / 1000).toFixed(1)} s, ${failures.length} failures`);
    const slowest = [...spent].map(([target, ms]) => [target, ms / hits.get(target)!] as const).sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.log(`fuzz: slowest targets (mean) ${slowest.map(([target, ms]) => `${target} ${ms.toFixed(0)} ms`).join(', ')}`);
    console.log(`fuzz: answers ${JSON.stringify(outcomes)}; never done: ${Object.keys(all).filter((target) => !done.has(target)).join(', ') || 'none'}`);
    expect(Object.keys(all).filter((target) => !hits.get(target))).toEqual([]);
    expect(failures.slice(0, 25), `seed ${SEED}: ${failures.length} failures`).toEqual([]);
  }, 900_000);
});
