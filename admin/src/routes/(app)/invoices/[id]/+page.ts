import { requireScope } from '$lib/guard.ts';
import type { PageLoad } from './$types';

export const load = (async ({ params, parent }) => {
  requireScope((await parent()).me, 'billing:read');
  return { id: params.id };
}) satisfies PageLoad;
