import { requireScope } from '$lib/guard.ts';
import type { LayoutLoad } from './$types';

export const load = (async ({ parent }) => {
  requireScope((await parent()).me, 'vendor:read');
  return {};
}) satisfies LayoutLoad;
