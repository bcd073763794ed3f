import { error } from '@sveltejs/kit';
import { requireScope } from '$lib/guard.ts';
import type { PageLoad } from './$types';

/** /leases/5001: one lease by the number partners see, so it can be linked, bookmarked and sent. */
export const load = (async ({ params, parent }) => {
  requireScope((await parent()).me, 'leases:read');
  const leaseNumber = Number(params.leaseNumber);
  if (!Number.isSafeInteger(leaseNumber) || leaseNumber <= 0) error(404, `There is no lease ${params.leaseNumber}.`);
  return { leaseNumber };
}) satisfies PageLoad;
