import { requireScope } from '$lib/guard.ts';
import type { PageLoad } from './$types';

/** /vendor/partners/<Partner ID>: one partner as vendor staff see it. */
export const load = (async ({ params, parent }) => {
  requireScope((await parent()).me, 'vendor:read');
  return { id: params.id };
}) satisfies PageLoad;
