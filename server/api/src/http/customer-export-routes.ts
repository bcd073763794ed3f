import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { poolOf } from '@leaseboard/db';
import type { Services } from '@leaseboard/domain/services';
import { MAX_YEAR, MIN_YEAR } from '@leaseboard/schema/scalars';
import { recordAudit } from '@leaseboard/domain/audit/record-audit';
import { customerExportStream } from '@leaseboard/domain/customers/customer-export-stream';
import { EXPORT_SCOPES, exportContentType, exportFileName, type CustomerExportFilter, type ExportFormat } from '@leaseboard/domain/customers/customer-export.rules';
import { storeFilter } from '@leaseboard/domain/exports/export-filter';
import { findExportDownload } from '@leaseboard/domain/exports/find-export-download';
import { CLIENT_IP_HEADER } from './node-adapter.ts';
import { problem, viewerWithScope } from './route-auth.ts';
import type { Route } from './routes.ts';

const DIRECT = /^\/exports\/customers\.(csv|jsonl)$/;
const DOWNLOAD = /^\/exports\/(\d{1,9})\/download$/;

const instant = z.iso.datetime({ offset: true }).refine((value) => {
  const year = new Date(value).getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR;
}, `must be between the years ${MIN_YEAR} and ${MAX_YEAR}`);
const Query = z
  .object({
    scope: z.enum(EXPORT_SCOPES).default('ALL'),
    productTypeId: z.string().min(1).max(100).optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { message: '`from` must be before `to`', path: ['from'] });

/**
 * GET /exports/customers.csv|.jsonl?scope=ALL|CURRENT&productTypeId=…&from=…&to=…
 * streams the export straight to the client (session cookie or Bearer API key; needs customers:export).
 * GET /exports/<id>/download?token=… serves a finished background export while its link is valid.
 */
export const customerExportRoute: Route = async (request, url, services) => {
  const direct = DIRECT.exec(url.pathname);
  const download = direct ? null : DOWNLOAD.exec(url.pathname);
  if (!direct && !download) return null;
  if (request.method !== 'GET') return problem(405, 'Use GET.', { allow: 'GET' });
  if (download) return serveDownload(services, Number(download[1]), url.searchParams.get('token') ?? '');
  return streamExport(request, url, services, direct![1] === 'csv' ? 'CSV' : 'JSONL');
};

async function streamExport(request: Request, url: URL, services: Services, format: ExportFormat): Promise<Response> {
  const viewer = await viewerWithScope(request, services, 'customers:export');
  if (viewer instanceof Response) return viewer;
  if (viewer.kind === 'anonymous' || viewer.partnerId === null) return problem(403, 'This needs the customers:export permission.');
  const partnerId = viewer.partnerId;

  const parsed = Query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return problem(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  const productTypeId = parsed.data.productTypeId ? productTypeNumber(parsed.data.productTypeId) : null;
  if (productTypeId === undefined) return problem(400, 'productTypeId: not a product type ID');
  const filter: CustomerExportFilter = {
    scope: parsed.data.scope,
    productTypeId,
    from: parsed.data.from ? new Date(parsed.data.from) : null,
    to: parsed.data.to ? new Date(parsed.data.to) : null,
  };

  const now = services.clock.now();
  const meta = { viewer, ip: request.headers.get(CLIENT_IP_HEADER), requestId: request.headers.get('x-request-id')?.slice(0, 100) || randomUUID(), at: now };
  await services.db.$transaction((tx) =>
    recordAudit(tx, meta, { partnerId, action: 'customers.export', targetType: 'Customer', targetId: null, after: { format, filter: storeFilter(filter), direct: true } }),
  );
  return new Response(customerExportStream(poolOf(services.db), partnerId, filter, format, now), {
    headers: {
      'content-type': exportContentType(format),
      'content-disposition': `attachment; filename="${exportFileName(format, now)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

async function serveDownload(services: Services, exportId: number, token: string): Promise<Response> {
  const found = await findExportDownload(services.db, services.config.sessionSecret, exportId, token, services.clock.now());
  if (!found.ok) return found.code === 'EXPIRED' ? problem(410, 'This download link has expired; start a new export.') : problem(404, 'No such export.');
  const size = (await stat(found.filePath).catch(() => null))?.size;
  if (size === undefined) return problem(404, 'No such export.');
  return new Response(Readable.toWeb(createReadStream(found.filePath)) as ReadableStream<Uint8Array>, {
    headers: {
      'content-type': found.contentType,
      'content-length': String(size),
      'content-disposition': `attachment; filename="${found.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** A ProductType global ID (as the API returns it) or its number; undefined when it is neither. */
function productTypeNumber(value: string): number | undefined {
  if (/^\d{1,9}$/.test(value)) return Number(value);
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const match = /^ProductType:(\d{1,9})$/.exec(decoded);
  return match ? Number(match[1]) : undefined;
}

