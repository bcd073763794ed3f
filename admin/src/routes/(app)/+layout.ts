import { error, redirect } from '@sveltejs/kit';
import { errorMessage, query } from '$lib/graphql/client.ts';
import { MeQuery } from '$lib/graphql/session.ts';
import type { LayoutLoad } from './$types';

// Who is signed in is asked once per app load (and after sign-in, via 'app:session'), not on every
// navigation: a session that ends later is noticed by the first request it refuses (UNAUTHENTICATED), which
// sends the person to sign-in (see whenSignedOut in the layout).
export const load = (async ({ url, depends, untrack }) => {
  depends('app:session');
  let me;
  try {
    ({ me } = await query(MeQuery, {}));
  } catch (problem) {
    error(503, errorMessage(problem));
  }
  if (!me) redirect(307, `/login?next=${encodeURIComponent(untrack(() => url.pathname + url.search))}`);
  return { me };
}) satisfies LayoutLoad;
