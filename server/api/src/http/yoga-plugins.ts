import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '@leaseboard/schema/context';
import type { Logger } from '@leaseboard/domain/logger';
import { isServiceBusy, serviceBusyError } from './service-busy.ts';

const EXPECTED = new Set(['ForbiddenError', 'AuthenticationError', 'RateLimitError']);

/**
 * Replaces every unexpected failure with "Unexpected error." plus the request id, and logs the real
 * error with that id. Client errors (GraphQLError, auth) pass through untouched.
 */
export function maskUnexpectedErrors(logger: Logger): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue as Context;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.length) return;
          setResult({
            ...result,
            errors: result.errors.map((error) => {
              const original = error.originalError;
              if (!original || original instanceof GraphQLError || EXPECTED.has(original.name)) return error;
              if (isServiceBusy(original)) {
                logger.warn('service busy', { requestId: ctx.requestId, path: error.path?.join('.'), error: original.message });
                const busy = serviceBusyError();
                return new GraphQLError(busy.message, { nodes: error.nodes, path: error.path, extensions: { ...busy.extensions, requestId: ctx.requestId } });
              }
              logger.error('unexpected error', { requestId: ctx.requestId, path: error.path?.join('.'), error: original });
              return new GraphQLError('Unexpected error.', {
                nodes: error.nodes,
                path: error.path,
                extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: ctx.requestId },
              });
            }),
          });
        },
      };
    },
  };
}

/** Sends the request id back, and the cookies that a mutation (sign in, sign out) asked for. */
export function responseHeaders(): Plugin<Context> {
  const contexts = new WeakMap<Request, Context>();
  return {
    onExecute({ args }) {
      const ctx = args.contextValue as Context & { request?: Request };
      if (ctx.request) contexts.set(ctx.request, ctx);
    },
    onResponse({ request, response }) {
      const ctx = contexts.get(request);
      if (!ctx) return;
      response.headers.set('x-request-id', ctx.requestId);
      for (const cookie of ctx.responseCookies) response.headers.append('set-cookie', cookie);
    },
  };
}
