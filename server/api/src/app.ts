import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { schema } from '@leaseboard/schema';
import { authenticate, AuthenticationError } from '@leaseboard/domain/auth/authenticate';
import { SharedVerifiedApiKeys } from '@leaseboard/domain/auth/shared-verified-api-keys';
import { VerifiedApiKeys, type ApiKeyCache } from '@leaseboard/domain/auth/verified-api-keys';
import type { Context } from '@leaseboard/schema/context';
import type { Services } from '@leaseboard/domain/services';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { corsFor, CSRF_HEADER, refuseFormBodies, withSecurityHeaders } from './http/browser-safety.ts';
import { limitBody, MAX_GRAPHQL_BODY_BYTES } from './http/body-limit.ts';
import { compiledExecution } from './http/compiled-execution.ts';
import { costLimit } from './http/cost-limit.ts';
import { healthz, readyz } from './http/health.ts';
import { productionMode } from './http/production-mode.ts';
import { rateLimit, type RateLimits } from './http/rate-limit.ts';
import { rateLimitStoreOf } from '@leaseboard/domain/rate-limit/rate-limit-store';
import { anonymousViewer } from '@leaseboard/domain/auth/viewer';
import { inputLimits, malformedGetParameters } from './http/input-limits.ts';
import { metricsResponse } from './http/metrics-route.ts';
import { CLIENT_IP_HEADER } from './http/node-adapter.ts';
import { routes } from './http/route-list.ts';
import { isServiceBusy, serviceBusyError, serviceBusyResponse } from './http/service-busy.ts';
import { serveStatic } from './http/static-files.ts';
import { maskUnexpectedErrors, responseHeaders } from './http/yoga-plugins.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { nameOperation, observeGraphql, observeRequests, sameRequest } from './observability/observe-requests.ts';
import { renderLocalGraphiQL } from './http/graphiql.ts';

export interface AppOptions {
  /** Directory of the built admin SPA; omitted in API-only tests. */
  adminDir?: string;
  /** Migration folder names /readyz expects applied. */
  migrationsDir?: string;
  /** Per-caller request and cost budgets (boot gives the configured ones); omitted: no rate limit (most tests). */
  rateLimits?: RateLimits;
  /** A worker process answers only the health probes (and /metrics); the default serves everything. */
  workerOnly?: boolean;
}

export interface App {
  fetch(request: Request): Promise<Response>;
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
  metrics: Metrics;
}

/** The whole HTTP surface: GraphQL at /graphql, health probes, and the admin SPA at /. */
export function createApp(services: Services, options: AppOptions = {}): App {
  const expectedMigrations = options.migrationsDir ? migrationNames(options.migrationsDir) : [];
  const admin = options.adminDir ? serveStatic(options.adminDir) : null;
  const metrics = createMetrics(services);
  const verifiedApiKeys: ApiKeyCache = services.redis ? new SharedVerifiedApiKeys(services.redis, services.logger) : new VerifiedApiKeys();

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // In production GraphiQL is for signed-in users and API keys only.
    graphiql: services.config.production
      ? async (request) => ((await viewerOrAnonymous(request)).kind === 'anonymous' ? false : GRAPHIQL)
      : GRAPHIQL,
    renderGraphiQL: renderLocalGraphiQL,
    logging: false,
    context: async ({ request }): Promise<Context> => {
      const requestId = request.headers.get('x-request-id')?.slice(0, 100) || randomUUID();
      try {
        return {
          ...services,
          viewer: await authenticate(services.db, services.clock, request.headers, verifiedApiKeys),
          verifiedApiKeys,
          requestId,
          ip: request.headers.get(CLIENT_IP_HEADER),
          userAgent: request.headers.get('user-agent'),
          requestHeaders: request.headers,
          responseCookies: [],
        };
      } catch (error) {
        if (error instanceof AuthenticationError) {
          throw new GraphQLError(error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
        }
        if (isServiceBusy(error)) throw serviceBusyError();
        throw error;
      }
    },
    maskedErrors: { isDev: false },
    multipart: false,
    // limitBody has read the body into memory within MAX_GRAPHQL_BODY_BYTES; yoga's own limit would pipe it
    // through a stream again.
    maxRequestBodySize: false,
    cors: corsFor(services.config.corsOrigins ?? []),
    plugins: [productionMode(services.config.production), refuseFormBodies(), useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }), maskUnexpectedErrors(services.logger), responseHeaders(), malformedGetParameters(), inputLimits(), costLimit(), observeGraphql(), ...compiledExecution(), ...(options.rateLimits ? [rateLimit(rateLimitStoreOf(services), options.rateLimits)] : [])],
  });

  return {
    yoga,
    metrics,
    // One access-log line and the request metrics for every request (observability/observe-requests.ts).
    fetch: observeRequests(async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      if (url.pathname === '/metrics') return withSecurityHeaders(await metricsResponse(request, metrics, services.config), url.pathname);
      return withSecurityHeaders(await answer(request, url), url.pathname);
    }, { logger: services.logger, metrics }),
  };

  async function viewerOrAnonymous(request: Request) {
    return authenticate(services.db, services.clock, request.headers, verifiedApiKeys).catch(() => anonymousViewer);
  }

  async function answer(request: Request, url: URL): Promise<Response> {
    if (url.pathname === '/healthz') return healthz();
    if (url.pathname === '/readyz') return readyz(services.db, expectedMigrations);
    if (options.workerOnly) return new Response('Not found: this is a worker process (PROCESS_ROLE=worker)', { status: 404 });
    if (url.pathname === '/graphql' || url.pathname.startsWith('/graphql/')) {
      const limited = await limitBody(request, MAX_GRAPHQL_BODY_BYTES);
      if (limited instanceof Response) return limited;
      sameRequest(request, limited);
      return yoga.fetch(limited);
    }
    try {
      for (const route of routes) {
        const response = await route(request, url, services);
        if (response) {
          nameOperation(request, route.name);
          return response;
        }
      }
    } catch (error) {
      if (isServiceBusy(error)) return serviceBusyResponse();
      throw error;
    }
    return admin?.(url.pathname) ?? new Response('Not found', { status: 404 });
  }
}

const GRAPHIQL = { title: 'Leaseboard API', defaultQuery: '{\n  catalog {\n    name\n    unit\n    products { sku name monthlyPriceCents }\n  }\n}\n' };

function migrationNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
}
