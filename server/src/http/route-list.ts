import { customerExportRoute } from './customer-export-routes.ts';
import type { Route } from './routes.ts';

export const routes: Route[] = [customerExportRoute];
