import { getContext, setContext } from 'svelte';
import type { Me } from '$lib/graphql/session.ts';

/** Who is signed in and what they may do; pages hide what the scopes do not allow. */
export class Session {
  me = $state<Me>() as Me;

  constructor(me: Me) {
    this.me = me;
  }

  can(scope: string): boolean {
    return this.me.scopes.includes(scope);
  }

  get name(): string {
    return this.me.user?.name ?? this.me.label;
  }
}

const KEY = Symbol('session');

export function provideSession(session: Session): Session {
  return setContext(KEY, session);
}

export function useSession(): Session {
  const session = getContext<Session | undefined>(KEY);
  if (!session) throw new Error('useSession() outside the signed-in layout');
  return session;
}
