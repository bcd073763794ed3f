import { isVendorStaff } from '@leaseboard/domain/auth/viewer';
import { loadInvoiceDocument } from '@leaseboard/domain/billing/invoice-document';
import { renderInvoicePdf } from '@leaseboard/domain/billing/invoice-pdf';
import { problem, viewerWithScope } from './route-auth.ts';
import type { Route } from './routes.ts';

const PDF_PATH = /^\/invoices\/(\d{1,9})\.pdf$/;

/**
 * GET /invoices/<id>.pdf: the invoice PDF, rendered from the stored invoice. Same credentials as the API
 * (session cookie or Bearer API key) and billing:read; another partner's invoice is not found.
 */
export const invoicePdfRoute: Route = async (request, url, services) => {
  const match = PDF_PATH.exec(url.pathname);
  if (!match) return null;
  if (request.method !== 'GET' && request.method !== 'HEAD') return problem(405, 'Use GET.', { allow: 'GET, HEAD' });
  const viewer = await viewerWithScope(request, services, 'billing:read');
  if (viewer instanceof Response) return viewer;
  const partnerId = isVendorStaff(viewer) ? null : viewer.kind === 'anonymous' ? -1 : (viewer.partnerId ?? -1);
  const document = await loadInvoiceDocument(services.db, Number(match[1]), partnerId);
  if (!document) return problem(404, 'No such invoice.');
  const pdf = await renderInvoicePdf(document);
  const filename = `${document.number ?? `draft-${document.period}`}.pdf`;
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-length': String(pdf.length),
      'content-disposition': `inline; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
};

