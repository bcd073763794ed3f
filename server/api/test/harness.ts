import { createTestServices, type TestServices, type TestServicesOptions } from '@leaseboard/domain/test/test-services';
import { silentLogger, type Logger } from '@leaseboard/domain/logger';
import type { Resolver } from '@leaseboard/domain/webhooks/url-guard';
import { createApp, type App } from '../src/app.ts';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  headers: Headers;
}

/** Test services with the app over them, and `gql` through `app.fetch`. */
export interface TestApp extends TestServices {
  app: App;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
}

/** `resolve` answers the webhook URL guard's host look-ups (the system's DNS when omitted). */
export async function createTestApp(options: TestServicesOptions & { logger?: Logger; resolve?: Resolver } = {}): Promise<TestApp> {
  const services = await createTestServices(options);
  const app = createApp({
    db: services.db,
    clock: services.clock,
    logger: options.logger ?? silentLogger,
    config: services.config,
    jobs: null,
    ...(options.resolve ? { resolve: options.resolve } : {}),
  });
  return {
    ...services,
    app,
    async gql(query, variables, headers = {}) {
      const response = await app.fetch(
        new Request('http://test.local/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
          body: JSON.stringify({ query, variables }),
        }),
      );
      const body = (await response.json()) as { data: never; errors?: GqlResult['errors'] };
      return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
    },
  };
}
