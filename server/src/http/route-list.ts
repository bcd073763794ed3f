import type { Route } from './routes.ts';

export const routes: Route[] = [];
