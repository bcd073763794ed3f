import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, gid, signedInUser, startedLease } from './factories.ts';
import { createTestApp, type TestApp } from './harness.ts';

// What vendor staff see of one partner (the admin's partner page and Partner columns), and that the
// `partnerId` argument never widens what partner staff read.
const LEASES = `query($p: ID) { leases(partnerId: $p, first: 50) { totalCount edges { node { leaseNumber partner { company } } } } }`;
const INVOICES = `query($p: ID) { invoices(partnerId: $p, first: 50) { totalCount edges { node { period totalCents partner { company } } } } }`;
const PARTNER = `query($id: ID!) { node(id: $id) { ... on Partner { company status invoicedCents users { email role } } } }`;

type Leases = { leases: { totalCount: number; edges: { node: { leaseNumber: number; partner: { company: string } } }[] } };
type Invoices = { invoices: { totalCount: number; edges: { node: { period: string; totalCents: number; partner: { company: string } } }[] } };

let t: TestApp;
let north: { id: number; company: string };
let south: { id: number; company: string };
let vendor: Awaited<ReturnType<typeof signedInUser>>;
let northOwner: Awaited<ReturnType<typeof signedInUser>>;
const leaseIds: Record<string, number[]> = { north: [], south: [] };

async function invoice(partnerId: number, period: string, status: 'OPEN' | 'PAID' | 'VOID' | 'DRAFT', totalCents: number) {
  const periodStart = new Date(`${period}-01T00:00:00Z`);
  const periodEnd = new Date(Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 1));
  await t.db.invoice.create({ data: { partnerId, period, periodStart, periodEnd, status, subtotalCents: totalCents, totalCents } });
}

beforeAll(async () => {
  t = await createTestApp();
  north = await createPartner(t.db, { company: 'North Hosting' });
  south = await createPartner(t.db, { company: 'South Hosting' });
  vendor = await signedInUser(t.db, t.clock, null, 'ADMIN');
  northOwner = await signedInUser(t.db, t.clock, north.id, 'OWNER');
  for (let i = 0; i < 2; i++) leaseIds.north!.push((await startedLease(t.db, t.clock, north.id)).id);
  for (let i = 0; i < 3; i++) leaseIds.south!.push((await startedLease(t.db, t.clock, south.id)).id);
  await invoice(north.id, '2025-01', 'PAID', 10_000);
  await invoice(north.id, '2025-02', 'OPEN', 2_550);
  await invoice(north.id, '2025-03', 'VOID', 99_999);
  await invoice(south.id, '2025-01', 'PAID', 7_000);
});
afterAll(() => t.close());

describe('leases(partnerId)', () => {
  describe('when vendor staff name a partner', () => {
    it("returns that partner's leases only, each with its partner", async () => {
      const { data } = await t.gql<Leases>(LEASES, { p: gid('Partner', south.id) }, vendor.headers);
      expect(data.leases.totalCount).toBe(3);
      expect(data.leases.edges.map((e) => e.node.leaseNumber).sort()).toEqual([...leaseIds.south!].sort());
      expect(new Set(data.leases.edges.map((e) => e.node.partner.company))).toEqual(new Set(['South Hosting']));
    });
  });

  describe('when vendor staff name no partner', () => {
    it('returns every partner’s leases with their partners told apart', async () => {
      const { data } = await t.gql<Leases>(LEASES, {}, vendor.headers);
      expect(data.leases.totalCount).toBe(5);
      expect(new Set(data.leases.edges.map((e) => e.node.partner.company))).toEqual(new Set(['North Hosting', 'South Hosting']));
    });
  });

  describe("when partner staff name another partner", () => {
    it('returns nothing, as for a partner without leases', async () => {
      const { data } = await t.gql<Leases>(LEASES, { p: gid('Partner', south.id) }, northOwner.headers);
      expect(data.leases).toEqual({ totalCount: 0, edges: [] });
    });
  });

  describe('when partner staff name their own partner', () => {
    it('returns their leases', async () => {
      const { data } = await t.gql<Leases>(LEASES, { p: gid('Partner', north.id) }, northOwner.headers);
      expect(data.leases.totalCount).toBe(2);
    });
  });
});

describe('invoices(partnerId)', () => {
  describe('when vendor staff name a partner', () => {
    it("returns that partner's invoices with the partner's name", async () => {
      const { data } = await t.gql<Invoices>(INVOICES, { p: gid('Partner', north.id) }, vendor.headers);
      expect(data.invoices.edges.map((e) => [e.node.period, e.node.partner.company])).toEqual([
        ['2025-03', 'North Hosting'],
        ['2025-02', 'North Hosting'],
        ['2025-01', 'North Hosting'],
      ]);
    });
  });

  describe('when partner staff name another partner', () => {
    it('returns nothing', async () => {
      const { data } = await t.gql<Invoices>(INVOICES, { p: gid('Partner', south.id) }, northOwner.headers);
      expect(data.invoices).toEqual({ totalCount: 0, edges: [] });
    });
  });
});

describe('Partner (vendor view)', () => {
  describe('when vendor staff open a partner', () => {
    it('returns its logins and what it was invoiced, drafts and voided invoices left out', async () => {
      const { data } = await t.gql<{ node: { company: string; status: string; invoicedCents: number; users: { email: string; role: string }[] } }>(PARTNER, { id: gid('Partner', north.id) }, vendor.headers);
      expect(data.node).toEqual({ company: 'North Hosting', status: 'ACTIVE', invoicedCents: 12_550, users: [{ email: northOwner.user.email, role: 'OWNER' }] });
    });
  });

  describe('when partner staff ask for their own logins or spend through the partner', () => {
    it('is refused (they have `users` and their invoices)', async () => {
      const response = await t.gql(PARTNER, { id: gid('Partner', north.id) }, northOwner.headers);
      expect(response.errors?.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^Not authorized/)]));
    });
  });
});
