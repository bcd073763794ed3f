import { Prisma, type Db, type InvoiceLineModel } from '@leaseboard/db';

/** An invoice's lines of one lease (or, once the lease was deleted, of one customer), in invoice order. */
export interface InvoiceLeaseGroup {
  /** The group's first line: its place in the invoice, and its cursor. */
  firstLineId: number;
  leaseId: number | null;
  customerEmail: string;
  lines: InvoiceLineModel[];
}

export interface GroupPage {
  /** Only groups whose first line is after (or, inverted, before) this line. */
  afterLineId?: number;
  beforeLineId?: number;
  limit: number;
  /** Newest first: for `last`. */
  inverted: boolean;
}

/** Lines of a lease go together; lines of deleted leases (leaseId null) together per customer. */
const GROUP_KEY = Prisma.sql`"leaseId", CASE WHEN "leaseId" IS NULL THEN "customerEmail" END`;

/**
 * One page of an invoice's lease groups, in order of their first line, with all their lines: two statements
 * whatever the page size, and never more lines than the page's groups hold.
 */
export async function invoiceLeaseGroups(db: Db, invoiceId: number, page: GroupPage): Promise<InvoiceLeaseGroup[]> {
  const after = page.afterLineId === undefined ? Prisma.empty : Prisma.sql`AND MIN(id) > ${page.afterLineId}`;
  const before = page.beforeLineId === undefined ? Prisma.empty : Prisma.sql`AND MIN(id) < ${page.beforeLineId}`;
  const heads = await db.$queryRaw<{ firstLineId: number; leaseId: number | null; customerEmail: string }[]>`
    SELECT MIN(id) AS "firstLineId", "leaseId", (ARRAY_AGG("customerEmail" ORDER BY id))[1] AS "customerEmail"
    FROM "InvoiceLine" WHERE "invoiceId" = ${invoiceId}
    GROUP BY ${GROUP_KEY}
    HAVING TRUE ${after} ${before}
    ORDER BY MIN(id) ${page.inverted ? Prisma.sql`DESC` : Prisma.sql`ASC`}
    LIMIT ${page.limit}`;
  if (heads.length === 0) return [];
  const leaseIds = heads.flatMap((h) => (h.leaseId === null ? [] : [h.leaseId]));
  const removedEmails = heads.flatMap((h) => (h.leaseId === null ? [h.customerEmail] : []));
  const lines = await db.invoiceLine.findMany({
    where: { invoiceId, OR: [{ leaseId: { in: leaseIds } }, { leaseId: null, customerEmail: { in: removedEmails } }] },
    orderBy: { id: 'asc' },
  });
  const groups = new Map(heads.map((h) => [groupKey(h), { ...h, lines: [] as InvoiceLineModel[] }]));
  for (const line of lines) groups.get(groupKey(line))?.lines.push(line);
  return [...groups.values()];
}

/** How many lease groups an invoice has. */
export async function countInvoiceLeaseGroups(db: Db, invoiceId: number): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT COUNT(*)::int AS count FROM (SELECT 1 FROM "InvoiceLine" WHERE "invoiceId" = ${invoiceId} GROUP BY ${GROUP_KEY}) AS groups`;
  return row?.count ?? 0;
}

function groupKey(line: { leaseId: number | null; customerEmail: string }): string {
  return line.leaseId === null ? `removed:${line.customerEmail}` : `lease:${line.leaseId}`;
}
