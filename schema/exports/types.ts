import type { ExportModel as Export } from '@leaseboard/db';
import { EXPORT_FORMATS, EXPORT_SCOPES } from '@leaseboard/domain/customers/customer-export.rules';
import { exportDownloadToken } from '@leaseboard/domain/exports/download-token';
import { readStoredFilter } from '@leaseboard/domain/exports/export-filter';
import type { Context } from '../context.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder.ts';
import { tenantUnique } from '../tenancy.ts';

export const ExportStatusEnum = builder.enumType('ExportStatus', {
  values: {
    QUEUED: {},
    RUNNING: {},
    SUCCEEDED: {},
    FAILED: {},
    EXPIRED: { description: 'Was SUCCEEDED; the download link expired and the file has been deleted.' },
  } as const,
});
export const ExportFormatEnum = builder.enumType('ExportFormat', {
  values: {
    CSV: { description: 'RFC 4180, UTF-8 with a byte order mark, CRLF line ends; formula-like cells start with an apostrophe.' },
    JSONL: { description: 'One JSON object per line.' },
  } as const,
});
export const CustomerExportScopeEnum = builder.enumType('CustomerExportScope', {
  values: {
    ALL: { description: 'Every customer who has leased or is leasing.' },
    CURRENT: { description: 'Customers with an active lease.' },
  } as const,
});
void EXPORT_FORMATS;
void EXPORT_SCOPES;

/**
 * A link that works until expiresAt, for whoever holds it (like a signed URL): share it with care. The
 * token is derived, not stored, so every read (polling, the subscription) shows the same working link.
 */
export function downloadUrl(row: Export, ctx: Context): string | null {
  if (row.status !== 'SUCCEEDED' || !row.expiresAt || row.expiresAt <= ctx.clock.now()) return null;
  const token = exportDownloadToken(ctx.config.sessionSecret, row.id, row.expiresAt);
  return `${ctx.config.publicUrl}/exports/${row.id}/download?token=${encodeURIComponent(token)}`;
}

export const ExportRef = builder.prismaNode('Export', {
  id: { field: 'id' },
  findUnique: (id, ctx) => tenantUnique(id, ctx),
  authScopes: { scope: 'customers:export' },
  description: 'A customer export written in the background.',
  fields: (t) => ({
    status: t.expose('status', { type: ExportStatusEnum }),
    format: t.expose('format', { type: ExportFormatEnum }),
    scope: t.field({ type: CustomerExportScopeEnum, resolve: (e) => readStoredFilter(e.filter).scope }),
    productTypeId: t.id({
      nullable: true,
      resolve: (e) => {
        const id = readStoredFilter(e.filter).productTypeId;
        return id == null ? null : encodeGlobalID('ProductType', id);
      },
    }),
    from: t.field({ type: 'DateTime', nullable: true, resolve: (e) => readStoredFilter(e.filter).from ?? null }),
    to: t.field({ type: 'DateTime', nullable: true, resolve: (e) => readStoredFilter(e.filter).to ?? null }),
    rowsDone: t.exposeInt('rowsDone'),
    totalRows: t.exposeInt('totalRows', { nullable: true, description: 'Known once the export is running.' }),
    progress: t.float({
      description: 'From 0 to 1.',
      resolve: (e) => (e.status === 'SUCCEEDED' ? 1 : e.totalRows ? Math.min(1, e.rowsDone / e.totalRows) : 0),
    }),
    error: t.exposeString('error', { nullable: true }),
    downloadUrl: t.string({
      nullable: true,
      description: 'When SUCCEEDED and until expiresAt: anyone with this link can download the file.',
      resolve: (e, _args, ctx) => downloadUrl(e, ctx),
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the download link stops working; within the hour after, the file is deleted and the export is EXPIRED.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});
