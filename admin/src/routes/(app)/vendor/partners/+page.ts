import type { PageLoad } from './$types';

export type PartnerStatusFilter = 'ACTIVE' | 'SUSPENDED' | 'CLOSED' | '';

export const load = (({ url }) => {
  const status = url.searchParams.get('status') ?? '';
  return {
    search: url.searchParams.get('q') ?? '',
    status: (['ACTIVE', 'SUSPENDED', 'CLOSED'].includes(status) ? status : '') as PartnerStatusFilter,
    after: url.searchParams.get('after'),
    before: url.searchParams.get('before'),
  };
}) satisfies PageLoad;
