import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from './context.ts';

/**
 * Who may read a node through `node(id:)`/`nodes(ids:)`: the same rule as the type's own query, for the
 * types whose fields are readable elsewhere by more viewers than that query (a lease shows its customer to
 * leases:read; `me` shows a user to themself). Types not listed carry their rule on the type itself.
 */
const READ_RULES: Record<string, (ctx: Context, id: string) => boolean> = {
  // As `customers`.
  Customer: (ctx) => ctx.viewer.scopes.has('customers:read'),
  // As `users`; and a user may read themself, as `me` does.
  User: (ctx, id) => ctx.viewer.scopes.has('users:manage') || (ctx.viewer.kind === 'user' && String(ctx.viewer.userId) === id),
};

/** False when the viewer may not read the node with this global ID (as given or decoded) through `node`; it then resolves to null. */
export function mayReadNode(globalId: string | { typename: string; id: string }, ctx: Context): boolean {
  let decoded: { typename: string; id: string };
  try {
    decoded = typeof globalId === 'string' ? decodeGlobalID(globalId) : globalId;
  } catch {
    return true; // not an ID: the lookup reports it
  }
  const rule = READ_RULES[decoded.typename];
  return !rule || rule(ctx, decoded.id);
}
