import { error } from '@sveltejs/kit';

/** Stops a page load when the viewer lacks the scope (a deep link to a page the menu does not offer). */
export function requireScope(me: { scopes: readonly string[] }, scope: string): void {
  if (!me.scopes.includes(scope)) error(403, 'Your role does not give access to this page.');
}
