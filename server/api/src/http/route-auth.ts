import { authenticate, AuthenticationError } from '@leaseboard/domain/auth/authenticate';
import type { Scope } from '@leaseboard/domain/auth/scopes';
import type { Viewer } from '@leaseboard/domain/auth/viewer';
import type { Services } from '@leaseboard/domain/services';

/** A JSON error answer for the non-GraphQL routes. */
export function problem(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/**
 * Authenticates a download or export request the way the API does (session cookie or Bearer API key)
 * and checks one scope: the viewer, or the 401/403 answer to send instead.
 */
export async function viewerWithScope(request: Request, services: Services, scope: Scope): Promise<Viewer | Response> {
  let viewer: Viewer;
  try {
    viewer = await authenticate(services.db, services.clock, request.headers);
  } catch (error) {
    if (error instanceof AuthenticationError) return problem(401, error.message);
    throw error;
  }
  if (viewer.kind === 'anonymous') return problem(401, 'Sign in or send an API key.');
  if (!viewer.scopes.has(scope)) return problem(403, `This needs the ${scope} permission.`);
  return viewer;
}
