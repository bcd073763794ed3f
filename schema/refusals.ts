import { GraphQLError } from 'graphql';
import type { Context } from './context.ts';

/**
 * A permission refusal: FORBIDDEN for a caller who is known but may not do this, UNAUTHENTICATED for one
 * who is not signed in, so a client can tell "sign in again" from "ask your owner".
 */
export function forbidden(ctx: Pick<Context, 'viewer'>, message = 'Not authorized.'): GraphQLError {
  const code = ctx.viewer.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  return new GraphQLError(message, { extensions: { code } });
}
