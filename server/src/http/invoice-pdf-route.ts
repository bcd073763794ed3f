import { authenticate, AuthenticationError } from '../auth/authenticate.ts';
import { isVendorStaff, type Viewer } from '../auth/viewer.ts';
import { loadInvoiceDocument } from '../domain/billing/invoice-document.ts';
import { renderInvoicePdf } from '../domain/billing/invoice-pdf.ts';
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
  let viewer: Viewer;
  try {
    viewer = await authenticate(services.db, services.clock, request.headers);
  } catch (error) {
    if (error instanceof AuthenticationError) return problem(401, error.message);
    throw error;
  }
  if (viewer.kind === 'anonymous') return problem(401, 'Sign in or send an API key.');
  if (!viewer.scopes.has('billing:read')) return problem(403, 'This needs the billing:read permission.');
  const partnerId = isVendorStaff(viewer) ? null : (viewer.partnerId ?? -1);
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

function problem(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { 'cache-control': 'no-store', ...headers } });
}
