import { licensingRoute } from './licensing-route.ts';
import { customerExportRoute } from './customer-export-routes.ts';
import { invoicePdfRoute } from './invoice-pdf-route.ts';
import type { Route } from './routes.ts';

export const routes: Route[] = [licensingRoute, customerExportRoute, invoicePdfRoute];
