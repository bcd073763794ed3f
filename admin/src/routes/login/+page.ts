import type { PageLoad } from './$types';

export const load = (({ url }) => {
  const next = url.searchParams.get('next');
  // Only same-site paths: never bounce a signed-in user to another origin.
  return {
    next: next && next.startsWith('/') && !next.startsWith('//') ? next : '/',
    /** Set when the app sent the person here because their session ended. */
    ended: url.searchParams.get('reason') === 'ended',
  };
}) satisfies PageLoad;
