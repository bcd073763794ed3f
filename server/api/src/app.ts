import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { schema } from '@leaseboard/schema';
import { authenticate, AuthenticationError } from '@leaseboard/domain/auth/authenticate';
import { VerifiedApiKeys } from '@leaseboard/domain/auth/verified-api-keys';
import type { Context } from '@leaseboard/schema/context';
import type { Services } from '@leaseboard/domain/services';
import { healthz, readyz } from './http/health.ts';
import { CLIENT_IP_HEADER } from './http/node-adapter.ts';
import { routes } from './http/route-list.ts';
import { serveStatic } from './http/static-files.ts';
import { maskUnexpectedErrors, responseHeaders } from './http/yoga-plugins.ts';
import { renderLocalGraphiQL } from './http/graphiql.ts';

export interface AppOptions {
  /** Directory of the built admin SPA; omitted in API-only tests. */
  adminDir?: string;
  /** Migration folder names /readyz expects applied. */
  migrationsDir?: string;
}

export interface App {
  fetch(request: Request): Promise<Response>;
  yoga: YogaServerInstance<Record<string, unknown>, Context>;
}

/** The whole HTTP surface: GraphQL at /graphql, health probes, and the admin SPA at /. */
export function createApp(services: Services, options: AppOptions = {}): App {
  const expectedMigrations = options.migrationsDir ? migrationNames(options.migrationsDir) : [];
  const admin = options.adminDir ? serveStatic(options.adminDir) : null;
  const verifiedApiKeys = new VerifiedApiKeys();

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Leaseboard API', defaultQuery: '{\n  catalog {\n    name\n    unit\n    products { sku name monthlyPriceCents }\n  }\n}\n' },
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
        throw error;
      }
    },
    maskedErrors: true,
    plugins: [maskUnexpectedErrors(services.logger), responseHeaders()],
  });

  return {
    yoga,
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (url.pathname === '/healthz') return healthz();
      if (url.pathname === '/readyz') return readyz(services.db, expectedMigrations);
      if (url.pathname === '/graphql' || url.pathname.startsWith('/graphql/')) return yoga.fetch(request);
      for (const route of routes) {
        const response = await route(request, url, services);
        if (response) return response;
      }
      return admin?.(url.pathname) ?? new Response('Not found', { status: 404 });
    },
  };
}

function migrationNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
}
