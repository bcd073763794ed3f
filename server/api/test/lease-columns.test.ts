import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '@leaseboard/schema';
import { COLUMNS_OF_FIELD } from '@leaseboard/schema/leases/lease-columns';
import { addOn, catalogOf, createPartner, product, signedInUser } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';
import { START, STOP } from './lease-gql.ts';

const LEASE = schema.getType('Lease') as GraphQLObjectType;

/** A field of Lease as a selection: its name, and an object's first plain leaf field. */
function selectionOf(name: string): string {
  const type = getNamedType(LEASE.getFields()[name]!.type);
  if (isLeafType(type) || !isObjectType(type)) return name;
  const leaf = Object.values(type.getFields()).find((field) => isLeafType(getNamedType(field.type)) && !field.args.some((arg) => arg.type.toString().endsWith('!')));
  return `${name} { ${leaf!.name} }`;
}

let t: TestApp;
let headers: Record<string, string>;
let leaseNumbers: number[];

beforeAll(async () => {
  t = await createTestApp();
  const catalog = await catalogOf(t.db);
  const partnerId = (await createPartner(t.db)).id;
  headers = (await signedInUser(t.db, t.clock, partnerId, 'MANAGER')).headers;
  // One lease with every column filled in (add-ons, reference, server, last seen) and one stopped.
  const started = await t.gql<{ startLease: { lease: { id: string; leaseNumber: number } } }>(
    START,
    { input: { productId: product(catalog, 'SM-PRO-250').gid, addOnIds: [addOn(catalog, 'PREMIUM_ANTISPAM').gid], externalRef: 'order-7', customer: { email: 'full@columns.test', name: 'Full Columns', company: 'Columns Ltd' } } },
    headers,
  );
  expect(started.errors).toBeUndefined();
  const full = started.data.startLease.lease.leaseNumber;
  await t.db.lease.update({ where: { id: full }, data: { serverName: 'mail.columns.test', serverNorm: 'mail.columns.test', lastSeenAt: t.clock.now() } });
  const other = await t.gql<{ startLease: { lease: { id: string; leaseNumber: number } } }>(START, { input: { productId: product(catalog, 'ST-PRO-5').gid, customer: { email: 'stopped@columns.test' } } }, headers);
  await t.gql(STOP, { input: { leaseId: other.data.startLease.lease.id } }, headers);
  leaseNumbers = [full, other.data.startLease.lease.leaseNumber];
});
afterAll(() => t.close());

describe('the leases connection, which reads only the lease columns its selection needs', () => {
  it('knows the columns of every field of Lease (a field it does not know reads the whole row)', () => {
    expect(Object.keys(LEASE.getFields()).filter((name) => !COLUMNS_OF_FIELD[name])).toEqual([]);
  });

  it.each(Object.keys(LEASE.getFields()))('answers %s alone as the lease query does, which reads whole rows', async (name) => {
    const selection = selectionOf(name);
    const page = await t.gql<{ leases: { edges: { node: Record<string, unknown> }[] } }>(`{ leases(first: 10) { edges { node { ${selection} } } } }`, {}, headers);
    expect(page.errors).toBeUndefined();
    const one = await Promise.all(
      leaseNumbers.map((leaseNumber) => t.gql<{ lease: Record<string, unknown> }>(`query($n: Int!) { lease(leaseNumber: $n) { ${selection} } }`, { n: leaseNumber }, headers)),
    );
    // Newest first: the stopped lease, then the full one.
    expect(page.data.leases.edges.map(({ node }) => node)).toEqual(one.map((answer) => answer.data.lease).reverse());
  });

  it('reads the columns of fields under aliases and in fragments, and no other', async () => {
    t.statements.length = 0;
    const page = await t.gql<{ leases: { edges: { node: Record<string, unknown> }[] } }>(
      `query { leases(first: 10) { edges { node { key: licenseKey ...Where ... on Lease { ref: externalRef } } } } }
       fragment Where on Lease { machineName }`,
      {},
      headers,
    );
    expect(page.data.leases.edges.at(-1)!.node).toEqual({ key: expect.stringMatching(/^SM-/), machineName: 'mail.columns.test', ref: 'order-7' });
    const search = t.statements.find((sql) => sql.includes('"customer.email"'))!;
    expect(search).toContain('l."licenseKey"');
    expect(search).toContain('l."serverName"');
    expect(search).toContain('l."externalRef"');
    expect(search).not.toContain('l."sendKeyTo"');
    expect(search).not.toContain('l."stoppedAt"');
  });

  it('reads a relation under @include only when it is included, though the same document is answered again and again', async () => {
    const query = `query($history: Boolean!) { leases(first: 10) { edges { node { leaseNumber history @include(if: $history) { version action } } } } }`;
    for (const history of [true, false, true, false]) {
      t.statements.length = 0;
      const page = await t.gql<{ leases: { edges: { node: { leaseNumber: number; history?: { version: number }[] } }[] } }>(query, { history }, headers);
      expect(page.errors).toBeUndefined();
      const stopped = page.data.leases.edges[0]!.node;
      if (history) expect(stopped.history!.map(({ version }) => version)).toEqual([1, 2]);
      else expect(stopped).toEqual({ leaseNumber: leaseNumbers[1] });
    }
  });

  it('reads no relation for a page that asks for none', async () => {
    t.statements.length = 0;
    const page = await t.gql<{ leases: { totalCount: number; edges: { node: { leaseNumber: number } }[] } }>(`{ leases(first: 10) { totalCount edges { node { leaseNumber } } } }`, {}, headers);
    expect(page.data.leases.totalCount).toBe(2);
    expect(t.statements.filter((sql) => sql.includes('"LeaseHistory"') || sql.includes('"Activation"'))).toEqual([]);
  });
});
