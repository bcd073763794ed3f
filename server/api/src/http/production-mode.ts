import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { SESSION_COOKIE } from '@leaseboard/domain/auth/sessions';
import type { Context } from '@leaseboard/schema/context';
import { perDocument } from './per-document.ts';

/**
 * In production, the schema is shown to signed-in users and API keys only: introspection is refused to
 * anonymous callers (one error, before execution), and errors sent to a request without a session cookie
 * or bearer key lose their "Did you mean …?" suggestions; no error carries its originalError. GraphiQL is
 * gated in app.ts.
 */
export function productionMode(production: boolean): Plugin<Context> {
  if (!production) return {};
  return {
    // After validation (whose results yoga caches per document, whoever asked): on the way out.
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || !('errors' in result) || !result.errors?.length) return;
      const anonymous = !carriesCredentials(request);
      setResult({ ...result, errors: result.errors.map((error) => cleaned(error, anonymous)) } as typeof result);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as Context;
      if (ctx.viewer.kind === 'anonymous' && introspects(args.document)) {
        setResultAndStopExecution({ errors: [new GraphQLError('Sign in or use an API key to introspect the schema.', { extensions: { code: 'UNAUTHENTICATED' } })] });
      }
    },
  };
}

/** A session cookie or an Authorization header: whether valid is for authentication to say. */
export function carriesCredentials(request: Request): boolean {
  return request.headers.has('authorization') || (request.headers.get('cookie') ?? '').split(';').some((c) => c.trim().startsWith(`${SESSION_COOKIE}=`));
}

/** The error without its originalError (yoga adds it to request errors such as invalid JSON) and, for anonymous callers, without suggestions. */
function cleaned(error: GraphQLError, anonymous: boolean): GraphQLError {
  const message = anonymous ? error.message.replace(/ Did you mean .*\?$/, '') : error.message;
  const { originalError: _dropped, ...extensions } = error.extensions ?? {};
  if (message === error.message && !('originalError' in (error.extensions ?? {}))) return error;
  return new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions });
}

const introspects = perDocument(function asksForTheSchema(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD]: (node) => {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
});
