import { requireScope } from '$lib/guard.ts';
import type { PageLoad } from './$types';

export type StatusFilter = 'ACTIVE' | 'STOPPED' | '';

/** The list's filter and page live in the URL, so back/forward and shared links keep them. */
export const load = (async ({ url, parent }) => {
  requireScope((await parent()).me, 'leases:read');
  const p = url.searchParams;
  const status = p.get('status');
  return {
    search: p.get('q') ?? '',
    status: (status === 'ACTIVE' || status === 'STOPPED' ? status : '') as StatusFilter,
    productTypeId: p.get('type') ?? '',
    partnerId: p.get('partner') ?? '',
    after: p.get('after'),
    before: p.get('before'),
  };
}) satisfies PageLoad;
