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

/**
 * Records a QUEUED export of the partner's customers (with its audit entry); once that has committed, the
 * caller runs the returned `run-export` work, which queues the job that writes the file (and marks the
 * export FAILED at once if the queue refuses, rather than leaving it waiting).
 */
export async function startCustomerExport(
  db: Db,
  partnerId: number,
  meta: RequestMeta,
  input: StartCustomerExportInput,
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
  return ok(created, [{ kind: 'run-export', exportId: created.id }]);
}
