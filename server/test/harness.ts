import { createDb, type Db } from '@leaseboard/db';
import { createTestDatabase, type TestDatabase } from '@leaseboard/db/testing/test-database';
import { createApp, type App } from '../src/app.ts';
import { ManualClock } from '../src/clock.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { silentLogger, type Logger } from '../src/logger.ts';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  headers: Headers;
}

export interface TestApp {
  app: App;
  db: Db;
  clock: ManualClock;
  /** The app's configuration (its sessionSecret signs download links). */
  config: Config;
  database: TestDatabase;
  /** SQL statements seen since the last reset; for N+1 snapshots. */
  statements: string[];
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

export async function createTestApp(options: { now?: string; logger?: Logger; env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const statements: string[] = [];
  const db = createDb(database.url, { max: 5, onQuery: (sql) => statements.push(sql) });
  const clock = new ManualClock(options.now ?? '2025-01-15T12:00:00Z');
  const config = loadConfig({ PORT: '4000', DATA_DIR: '.test-data', ...options.env });
  const app = createApp({ db, clock, logger: options.logger ?? silentLogger, config, jobs: null });
  return {
    app,
    db,
    clock,
    config,
    database,
    statements,
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
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}
