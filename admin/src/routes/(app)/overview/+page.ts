import { requireScope } from '$lib/guard.ts';
import type { PageLoad } from './$types';

export const load = (async ({ parent }) => {
  requireScope((await parent()).me, 'reports:read');
  return {};
}) satisfies PageLoad;
