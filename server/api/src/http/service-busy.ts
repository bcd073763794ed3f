import { GraphQLError } from 'graphql';

/** Seconds a client is told to wait before retrying a request the server was too busy for. */
export const RETRY_AFTER_SECONDS = 2;

/**
 * The database could not serve the request in time: no free connection within the pool's wait (pg), no
 * transaction started within Prisma's maxWait (P2028, P2024), or a statement ran past statement_timeout
 * (57014). These are the server's load, not the client's fault and not a bug: retryable.
 */
export function isServiceBusy(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 'P2024' || e.code === 'P2028' || e.code === '57014') return true;
    if (typeof e.message === 'string' && /timeout exceeded when trying to connect|canceling statement due to statement timeout|Unable to start a transaction in the given time|Timed out fetching a new connection/i.test(e.message)) return true;
  }
  return false;
}

export function serviceBusyError(): GraphQLError {
  return new GraphQLError('The server is busy; retry in a few seconds.', {
    extensions: { code: 'SERVICE_BUSY', retryAfterSeconds: RETRY_AFTER_SECONDS, http: { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } } },
  });
}

/** The same for the routes that are not GraphQL. */
export function serviceBusyResponse(): Response {
  return Response.json(
    { error: 'The server is busy; retry in a few seconds.', code: 'SERVICE_BUSY' },
    { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
  );
}
