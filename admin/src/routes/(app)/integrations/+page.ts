import { requireScope } from '$lib/guard.ts';
import type { PageLoad } from './$types';

export const load = (async ({ parent }) => {
  requireScope((await parent()).me, 'leases:write');
  return {};
}) satisfies PageLoad;
