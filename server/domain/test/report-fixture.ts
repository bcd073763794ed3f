import type { Db, InvoiceStatus } from '@leaseboard/db';
import { addOn, catalogOf, createPartner, product } from './factories.ts';

/**
 * A small, hand-built book of two partners for the report and export tests. Times are chosen to sit on
 * bucket boundaries (a lease starting exactly at 2025-02-01, one stopping exactly at 2025-03-01, one last
 * seen exactly 30 days before NOW) so off-by-one mistakes show. The expected figures in the tests are
 * worked out by hand from the comments below.
 *
 *   NOW = 2025-03-15T12:00:00Z. SM-PRO-100 costs $6.00 from 2020, $6.50 from 2025-03-01, $7.00 from 2025-04-01.
 *
 *   Partner A
 *   L1 alice  SM-ENT-250 + ActiveSync + Premium Antispam  2025-01-10 →        mail01  seen 2025-03-14   $16+$4+$2 = $22.00
 *   L2 alice  SM-PRO-100 + Premium Antispam               2025-01-20 → 02-10  mail-old seen 02-09
 *   L3 bob    ST-PRO-5                                    2024-12-05 →        never activated          $12.00 (idle)
 *   L4 bob    SS-ENT-50                                   2025-02-01 →        stats01 seen 2025-02-13T12:00Z  $12.00 (idle)
 *   L5 carol  SM-PRO-100                                  2024-11-01 → 2025-03-01  old-mx seen 02-27
 *   L6 carol  SM-PRO-100                                  2025-03-10 →        +mx02 seen 03-11          $6.50
 *   L8 dave   SS-PRO-10                                   2024-06-01 → 2024-09-01  dave-srv seen 08-30
 *   Invoices: 2024-12 VOID $9.99; 2025-01 PAID $50.00 (SM-ENT-250 $30, SM-AO-ACTIVESYNC $8, ST-PRO-5 $12);
 *             2025-02 OPEN $70.00 (SM-ENT-250 $32, SM-AO-ACTIVESYNC $8, SS-ENT-50 $30)
 *
 *   Partner B
 *   L7 alice (another customer of B's) SM-ENT-250      2025-01-05 →        b-mail seen 2025-01-20   $16.00 (idle)
 *   Invoices: 2025-01 PAST_DUE $16.00 (SM-ENT-250); 2025-03 DRAFT $1.00
 */
export const NOW = '2025-03-15T12:00:00Z';

export async function buildReportFixture(db: Db) {
  const catalog = await catalogOf(db);
  const p = (sku: string) => product(catalog, sku);
  const a = (code: string) => addOn(catalog, code);
  const smPro100 = p('SM-PRO-100');
  await db.productPrice.createMany({
    data: [
      { productId: smPro100.id, effectiveFrom: new Date('2025-03-01T00:00:00Z'), amountCents: 650 },
      { productId: smPro100.id, effectiveFrom: new Date('2025-04-01T00:00:00Z'), amountCents: 700 },
    ],
  });

  const partnerA = await createPartner(db, { company: 'Partner A' });
  const partnerB = await createPartner(db, { company: 'Partner B' });

  const customer = (partnerId: number, email: string, name: string | null, company: string | null) =>
    db.customer.create({ data: { partnerId, email, emailNorm: email.toLowerCase(), name, company, createdAt: new Date('2024-01-01T00:00:00Z') } });
  const alice = await customer(partnerA.id, 'Alice@Example.test', 'Alice Ädams', 'Adams, "Ltd"');
  const bob = await customer(partnerA.id, 'bob@example.test', 'Bob Brown', '\tTabbed Inc');
  const carol = await customer(partnerA.id, 'carol@example.test', 'Carol Cole', "=cmd|' /C calc'!A0");
  const dave = await customer(partnerA.id, 'dave@example.test', '-Dave Dash', '@Home');
  const aliceB = await customer(partnerB.id, 'alice@example.test', 'Alice at B', null);

  let keys = 0;
  const lease = async (spec: {
    partnerId: number;
    customer: { id: number; emailNorm: string };
    sku: string;
    addOns?: string[];
    startedAt: string;
    stoppedAt?: string;
    serverName?: string;
    lastSeenAt?: string;
  }) => {
    const prod = p(spec.sku);
    const addOnIds = (spec.addOns ?? []).map((code) => a(code).id).sort((x, y) => x - y);
    const startedAt = new Date(spec.startedAt);
    const stoppedAt = spec.stoppedAt ? new Date(spec.stoppedAt) : null;
    const row = await db.lease.create({
      data: {
        partnerId: spec.partnerId,
        customerId: spec.customer.id,
        productId: prod.id,
        licenseKey: `${prod.prefix}FIXTURE${String(++keys).padStart(12, '0')}X`,
        status: stoppedAt ? 'STOPPED' : 'ACTIVE',
        startedAt,
        stoppedAt,
        sendKeyTo: spec.customer.emailNorm,
        customerEmailNorm: spec.customer.emailNorm,
        serverName: spec.serverName ?? null,
        serverNorm: spec.serverName?.toLowerCase() ?? null,
        lastSeenAt: spec.lastSeenAt ? new Date(spec.lastSeenAt) : null,
        version: stoppedAt ? 2 : 1,
        addOns: { create: stoppedAt ? [] : addOnIds.map((addOnId) => ({ addOnId, addedAt: startedAt })) },
        history: {
          create: [
            { partnerId: spec.partnerId, version: 1, action: 'STARTED', effectiveAt: startedAt, toProductId: prod.id, toAddOnIds: addOnIds, actorLabel: 'fixture' },
            ...(stoppedAt
              ? [{ partnerId: spec.partnerId, version: 2, action: 'STOPPED' as const, effectiveAt: stoppedAt, fromProductId: prod.id, fromAddOnIds: addOnIds, toAddOnIds: [], actorLabel: 'fixture' }]
              : []),
          ],
        },
        ...(spec.serverName
          ? { activations: { create: { serverName: spec.serverName, firstSeenAt: startedAt, lastSeenAt: new Date(spec.lastSeenAt!) } } }
          : {}),
      },
    });
    return row;
  };

  const A = partnerA.id;
  const l1 = await lease({ partnerId: A, customer: alice, sku: 'SM-ENT-250', addOns: ['ACTIVESYNC', 'PREMIUM_ANTISPAM'], startedAt: '2025-01-10T09:00:00Z', serverName: 'mail01', lastSeenAt: '2025-03-14T08:00:00Z' });
  const l2 = await lease({ partnerId: A, customer: alice, sku: 'SM-PRO-100', addOns: ['PREMIUM_ANTISPAM'], startedAt: '2025-01-20T10:00:00Z', stoppedAt: '2025-02-10T10:00:00Z', serverName: 'mail-old', lastSeenAt: '2025-02-09T10:00:00Z' });
  const l3 = await lease({ partnerId: A, customer: bob, sku: 'ST-PRO-5', startedAt: '2024-12-05T00:00:00Z' });
  const l4 = await lease({ partnerId: A, customer: bob, sku: 'SS-ENT-50', startedAt: '2025-02-01T00:00:00Z', serverName: 'stats01', lastSeenAt: '2025-02-13T12:00:00Z' });
  const l5 = await lease({ partnerId: A, customer: carol, sku: 'SM-PRO-100', startedAt: '2024-11-01T00:00:00Z', stoppedAt: '2025-03-01T00:00:00Z', serverName: 'old-mx', lastSeenAt: '2025-02-27T00:00:00Z' });
  const l6 = await lease({ partnerId: A, customer: carol, sku: 'SM-PRO-100', startedAt: '2025-03-10T00:00:00Z', serverName: '+mx02', lastSeenAt: '2025-03-11T00:00:00Z' });
  const l8 = await lease({ partnerId: A, customer: dave, sku: 'SS-PRO-10', startedAt: '2024-06-01T00:00:00Z', stoppedAt: '2024-09-01T00:00:00Z', serverName: 'dave-srv', lastSeenAt: '2024-08-30T00:00:00Z' });
  const l7 = await lease({ partnerId: partnerB.id, customer: aliceB, sku: 'SM-ENT-250', startedAt: '2025-01-05T00:00:00Z', serverName: 'b-mail', lastSeenAt: '2025-01-20T00:00:00Z' });

  const invoice = (partnerId: number, period: string, status: InvoiceStatus, lines: [sku: string, cents: number][]) => {
    const [year, month] = period.split('-').map(Number) as [number, number];
    const totalCents = lines.reduce((sum, [, cents]) => sum + cents, 0);
    return db.invoice.create({
      data: {
        partnerId,
        period,
        periodStart: new Date(Date.UTC(year, month - 1, 1)),
        periodEnd: new Date(Date.UTC(year, month, 1)),
        status,
        subtotalCents: totalCents,
        totalCents,
        lines: {
          create: lines.map(([sku, amountCents]) => ({
            kind: sku.includes('-AO-') ? ('ADD_ON' as const) : ('PRODUCT' as const),
            customerEmail: 'fixture@example.test',
            description: sku,
            sku,
            priceCents: amountCents,
            days: 30,
            divisor: 30,
            fromDate: new Date(Date.UTC(year, month - 1, 1)),
            toDate: new Date(Date.UTC(year, month, 0)),
            amountCents,
          })),
        },
      },
    });
  };
  await invoice(A, '2024-12', 'VOID', [['ST-PRO-5', 999]]);
  await invoice(A, '2025-01', 'PAID', [['SM-ENT-250', 3000], ['SM-AO-ACTIVESYNC', 800], ['ST-PRO-5', 1200]]);
  await invoice(A, '2025-02', 'OPEN', [['SM-ENT-250', 3200], ['SM-AO-ACTIVESYNC', 800], ['SS-ENT-50', 3000]]);
  await invoice(partnerB.id, '2025-01', 'PAST_DUE', [['SM-ENT-250', 1600]]);
  await invoice(partnerB.id, '2025-03', 'DRAFT', [['SM-ENT-250', 100]]);

  const types = Object.fromEntries((await db.productType.findMany()).map((t) => [t.code, t.id])) as Record<'SMARTERMAIL' | 'SMARTERTRACK' | 'SMARTERSTATS', number>;
  return {
    catalog,
    types,
    partnerA,
    partnerB,
    customers: { alice, bob, carol, dave, aliceB },
    leases: { l1, l2, l3, l4, l5, l6, l7, l8 },
    product: p,
    addOn: a,
  };
}

export type ReportFixture = Awaited<ReturnType<typeof buildReportFixture>>;
