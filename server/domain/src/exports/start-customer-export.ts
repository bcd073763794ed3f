import type { Db, ExportModel as Export } from '@leaseboard/db';
import { recordAudit, type RequestMeta } from '../audit/record-audit.ts';
import type { CustomerExportFilter, ExportFormat } from '../customers/customer-export.rules.ts';
import { fail, ok, type Result } from '../result.ts';
import type { ExportErrorCode } from './export-errors.ts';
import { storeFilter } from './export-filter.ts';

export interface StartCustomerExportInput {
  format: ExportFormat;
  filter: CustomerExportFilter;
}

/** Hands an export to the background worker; null where no worker runs (then a test runs it by hand). */
export type EnqueueExport = ((exportId: number) => Promise<void>) | null;

/**
 * Records a QUEUED export of the partner's customers (with its audit entry) and queues the job that
 * writes the file. If the queue refuses, the export is marked FAILED at once rather than left waiting.
 */
export async function startCustomerExport(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: StartCustomerExportInput,
  enqueue: EnqueueExport,
): Promise<Result<Export, ExportErrorCode>> {
  if (input.filter.productTypeId != null) {
    const type = await db.productType.findUnique({ where: { id: input.filter.productTypeId }, select: { id: true } });
    if (!type) return fail('PRODUCT_TYPE_NOT_FOUND', 'No such product type.', ['productTypeId']);
  }
  const created = await db.$transaction(async (tx) => {
    const row = await tx.export.create({
      data: {
        partnerId,
        requestedById: meta.viewer.kind === 'user' ? meta.viewer.userId : null,
        requestedKey: meta.viewer.kind === 'apiKey' ? meta.viewer.apiKeyId : null,
        format: input.format,
        filter: storeFilter(input.filter),
        status: 'QUEUED',
        createdAt: meta.at,
      },
    });
    await recordAudit(tx, meta, {
      partnerId,
      action: 'customers.export',
      targetType: 'Export',
      targetId: row.id,
      after: { format: input.format, filter: storeFilter(input.filter) },
    });
    return row;
  });
  if (!enqueue) return ok(created);
  try {
    await enqueue(created.id);
    return ok(created);
  } catch {
    await db.export.update({ where: { id: created.id }, data: { status: 'FAILED', error: 'The export could not be queued.', finishedAt: meta.at } });
    return fail('NOT_QUEUED', 'The export could not be queued; try again in a moment.');
  }
}
