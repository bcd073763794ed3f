import fc from 'fast-check';
import { BAD_TEXTS, DATE_TIMES, partialKeys, textArb, WRONG_TYPES } from './bad-inputs.ts';
import { CALLERS, type Pools } from './fuzz-world.ts';
import type { FuzzRequest } from './fuzz-request.ts';

const caller = fc.constantFrom(...CALLERS);
const JSON_TYPE = { 'content-type': 'application/json' };

/** The routes of http/route-list.ts that routeTargets fuzzes, by name: a test fails when the list has another. */
export const FUZZED_ROUTES = ['licensingRoute', 'customerExportRoute', 'invoicePdfRoute'];

/** The non-GraphQL routes (http/route-list.ts, health, metrics) and odd paths, each a target of its own. */
export function routeTargets(pools: Pools): Record<string, fc.Arbitrary<FuzzRequest>> {
  const targets: Record<string, fc.Arbitrary<FuzzRequest>> = {};
  for (const action of ['activate', 'validate', 'deactivate']) {
    targets[`POST /licensing/${action}`] = licensing(action, pools);
  }
  for (const format of ['csv', 'jsonl']) {
    targets[`GET /exports/customers.${format}`] = customerExport(format, pools);
  }
  targets['GET /exports/<id>/download'] = fc
    .record({ caller, id: fc.constantFrom('1', '2', '0', '999999999', '1234567890', 'abc', '-1'), token: fc.oneof(textArb([]), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 64 })), method: fc.constantFrom('GET', 'GET', 'POST') })
    .map(({ caller, id, token, method }): FuzzRequest => ({ target: 'GET /exports/<id>/download', caller, write: false, method, path: `/exports/${id}/download?${new URLSearchParams({ token })}`, headers: {} }));
  targets['GET /invoices/<id>.pdf'] = fc
    .record({
      caller,
      id: fc.constantFrom(...pools.ownInvoiceIds, ...pools.foreignInvoiceIds, 0, 999_999_999, 2_147_483_648, '01', 'abc', '1.5', '%00'),
      method: fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'DELETE'),
    })
    .map(({ caller, id, method }): FuzzRequest => ({ target: 'GET /invoices/<id>.pdf', caller, write: false, method, path: `/invoices/${id}.pdf`, headers: {} }));
  targets['GET /healthz, /readyz, /metrics'] = fc
    .record({
      caller,
      path: fc.constantFrom('/healthz', '/readyz', '/metrics', '/healthz?x=%00', '/readyz/', '/metrics?name[]=1'),
      method: fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS'),
      bearer: fc.option(fc.constantFrom('garbage', 'a'.repeat(500), 'lb_live_x'), { nil: undefined }),
    })
    .map(({ caller, path, method, bearer }): FuzzRequest => ({ target: 'GET /healthz, /readyz, /metrics', caller, write: false, method, path, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} }));
  targets['odd paths'] = fc
    .record({
      caller,
      path: fc.constantFrom('/', '/%00', '/%ZZ', '/graphql/', '/graphql/x', '/graphql?query=%00', '/licensing', '/licensing/', '/licensing/activate/', '/exports/customers.xml', '/exports/customers.csv/', '/invoices/.pdf', '/invoices/1.pdf/', '/..%2f..%2fetc/passwd', `/${'a/'.repeat(500)}`),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS'),
    })
    .map(({ caller, path, method }): FuzzRequest => ({ target: 'odd paths', caller, write: false, method, path, headers: {}, ...(method === 'GET' || method === 'OPTIONS' ? {} : { body: '{}' }) }));
  return targets;
}

function licensing(action: string, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const keys = partialKeys(pools.licenseKeys);
  const ip = fc.constantFrom('127.0.0.1', '::1', '2001:db8::1', '', '<script>alert(1)</script>', '999.1.1.1', '1.2.3.4\u0000', 'x'.repeat(100), '::ffff:10.0.0.1');
  const field = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: fc.constantFrom(...WRONG_TYPES, null) });
  const request = fc.record(
    {
      key: field(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: textArb([]) })),
      serverName: field(fc.oneof({ weight: 2, arbitrary: fc.constantFrom('mail.north.test', 'MAIL.north.test ', 'server-2') }, { weight: 3, arbitrary: textArb([]) })),
      ip: field(ip),
      fingerprint: field(textArb(['fp-1'])),
    },
    { requiredKeys: ['key', 'serverName'] },
  );
  const body = fc.oneof(
    { weight: 8, arbitrary: request.map((r) => JSON.stringify(r)) },
    { weight: 1, arbitrary: fc.constantFrom('{', '[]', 'null', '"key"', '', '{"key":"x"}', JSON.stringify({ key: 'k', serverName: 's'.repeat(5_000) }), '\u0000') },
  );
  return fc
    .record({ caller, body, method: fc.oneof({ weight: 9, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT') }), type: fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded') })
    .map(({ caller, body, method, type }): FuzzRequest => ({
      target: `POST /licensing/${action}`,
      caller,
      write: method === 'POST',
      method,
      path: `/licensing/${action}`,
      headers: { 'content-type': type },
      ...(method === 'GET' ? {} : { body }),
    }));
}

function customerExport(format: string, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const param = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const typeIds = pools.ownIds.filter((id) => Buffer.from(id, 'base64').toString().startsWith('ProductType:'));
  return fc
    .record({
      caller,
      scope: param(fc.constantFrom('ALL', 'CURRENT', 'NOPE', '', 'all')),
      productTypeId: param(fc.constantFrom(...typeIds, '1', '0', '999999999', '9999999999', 'abc', Buffer.from('ProductType:1.5').toString('base64'), ...BAD_TEXTS.slice(0, 10))),
      from: param(fc.constantFrom(...DATE_TIMES)),
      to: param(fc.constantFrom(...DATE_TIMES)),
      repeated: fc.boolean(),
    })
    .map(({ caller, repeated, ...query }): FuzzRequest => {
      const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
      if (repeated) params.append('scope', 'CURRENT');
      return { target: `GET /exports/customers.${format}`, caller, write: false, method: 'GET', path: `/exports/customers.${format}?${params}`, headers: {} };
    });
}

/** Whole documents and bodies that attack the GraphQL endpoint itself rather than one field. */
export function documentAttacks(): fc.Arbitrary<FuzzRequest> {
  const depth = fc.constantFrom(20, 120, 5_000);
  const count = fc.constantFrom(31, 300, 2_000);
  const document = fc.oneof(
    depth.map((n) => `{ me ${'{ a '.repeat(n)}${'}'.repeat(n)} }`),
    depth.map((n) => `{ nodes(ids: ${'['.repeat(n)}"x"${']'.repeat(n)}) { id } }`),
    depth.map((n) => `{ leases(filter: ${'{ search: '.repeat(n)}"x"${'}'.repeat(n)}) { totalCount } }`),
    depth.map((n) => `{ __schema { types { ${'fields { type { ofType { '.repeat(Math.min(n, 40))}name${' } } }'.repeat(Math.min(n, 40))} } } }`),
    count.map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { __typename }`).join(' ')} }`),
    count.map((n) => `{ ${Array.from({ length: Math.min(n, 60) }, (_, i) => `p${i}: billingPreview { projectedCents leases { leaseNumber } }`).join(' ')} }`),
    count.map((n) => `{ ${'__typename '.repeat(n * 3)} }`),
    count.map((n) => `{ me @include(if: true) ${'@skip(if: false) '.repeat(n)} { __typename } }`),
    count.map((n) => `query Q(${Array.from({ length: n }, (_, i) => `$v${i}: Int`).join(' ')}) { __typename }`),
    fc.constantFrom(
      '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }',
      '{ ...Missing }',
      'query A { me { __typename } } query B { me { __typename } }',
      'subscription { liveUpdates { __typename } }',
      '{ me { __typename } ',
      '',
      '#',
      '{ me(id: 1) { __typename } }',
      '{ node(id: "\\u0000") { id } }',
      '{ node(id: "\\ud800") { id } }',
      '{ leases(first: 99999999999999999999) { totalCount } }',
      '{ leases(first: -1) { totalCount } }',
      '{ leases(last: 2147483647, before: "x") { totalCount } }',
      '{ leases(after: "\\u0000") { totalCount } }',
      '{ customers(after: "YXJyYXljb25uZWN0aW9uOi0x") { totalCount } }',
      '{ customers(after: "YXJyYXljb25uZWN0aW9uOjIxNDc0ODM2NDg=") { totalCount } }',
      'mutation { signOut signOut }',
    ),
  );
  const body = fc.oneof(
    { weight: 6, arbitrary: document.map((query) => JSON.stringify({ query })) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '{',
        '[]',
        '[{"query":"{ me { __typename } }"}]',
        'null',
        '"query"',
        '{"query":5}',
        '{"query":"{ me { __typename } }","variables":"x"}',
        '{"query":"{ me { __typename } }","variables":[1]}',
        '{"query":"{ me { __typename } }","extensions":"x"}',
        '{"query":"{ me { __typename } }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"x"}}}',
        '{"query":"{ me { __typename } }","operationName":5}',
        '{"query":"{ me { __typename } }","operationName":"Nope"}',
        `{"query":"{ me { __typename } }","variables":{"a":"${'x'.repeat(300_000)}"}}`,
        '{"query":"\\u0000"}',
      ),
    },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'application/graphql', 'application/json; charset=latin1', '') },
  );
  return fc
    .record({ caller, body, contentType, method: fc.oneof({ weight: 9, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH', 'DELETE') }) })
    .map(({ caller, body, contentType, method }): FuzzRequest => ({
      target: 'POST /graphql (whole documents)',
      caller,
      // A document of several mutations may do part of its work; such requests are not compared.
      write: false,
      method,
      path: '/graphql',
      headers: contentType ? { 'content-type': contentType } : {},
      body,
    }));
}

/** GET /graphql: a fuzzed query sent in the query string, now and then with malformed JSON or no CSRF header. */
export function graphqlGet(queries: fc.Arbitrary<FuzzRequest>): fc.Arbitrary<FuzzRequest> {
  const broken = fc.constantFrom('{', '[1', '{"a":', 'undefined', '\u0000', "{'a':1}", '{"a":1}}');
  return fc
    .record({
      request: queries,
      variables: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: broken }),
      extensions: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: broken }, { weight: 1, arbitrary: fc.constant('{"persistedQuery":1}') }),
      csrf: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      mutation: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .map(({ request, variables, extensions, csrf, mutation }): FuzzRequest => {
      const sent = JSON.parse(request.body ?? '{}') as { query: string; variables?: unknown; operationName?: string };
      const params = new URLSearchParams({ query: mutation ? sent.query.replace(/^query/, 'mutation') : sent.query });
      if (sent.operationName) params.set('operationName', sent.operationName);
      const vars = variables ?? (sent.variables === undefined ? null : JSON.stringify(sent.variables));
      if (vars !== null) params.set('variables', vars);
      if (extensions !== null) params.set('extensions', extensions);
      return { target: 'GET /graphql', caller: request.caller, write: false, method: 'GET', path: `/graphql?${params}`, headers: csrf ? { 'x-graphql-csrf': '1' } : {} };
    });
}

/** Credentials and headers that are not what a client should send, on a small query and on a licensing call. */
export function oddHeaders(): fc.Arbitrary<FuzzRequest> {
  const header = fc.constantFrom<Record<string, string>>(
    { cookie: 'lb_session=%ZZ' },
    { cookie: `lb_session=${'a'.repeat(5_000)}` },
    { cookie: 'lb_session=; lb_session=x' },
    { authorization: 'Bearer ' },
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: `Bearer ${'k'.repeat(10_000)}` },
    { authorization: 'Bearer lb_live_00000000_0000000000000000000000000000000000000000' },
    { 'x-request-id': 'r'.repeat(1_000) },
    { accept: 'text/html' },
    { accept: 'application/xml' },
    { 'x-forwarded-for': '<script>' },
    { origin: 'null' },
    { origin: 'https://evil.example' },
  );
  return fc
    .record({ caller, header, path: fc.constantFrom('/graphql', '/licensing/validate', '/invoices/1.pdf', '/exports/customers.csv') })
    .map(({ caller, header, path }): FuzzRequest => ({
      target: 'odd headers',
      caller,
      write: false,
      method: path.startsWith('/invoices') || path.startsWith('/exports') ? 'GET' : 'POST',
      path,
      headers: { 'content-type': 'application/json', ...header },
      ...(path === '/graphql' ? { body: JSON.stringify({ query: '{ me { __typename } partner { company } }' }) } : {}),
      ...(path.startsWith('/licensing') ? { body: JSON.stringify({ key: 'SM-1', serverName: 'x' }) } : {}),
    }));
}
