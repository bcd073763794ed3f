import { createDb, type Db } from '@leaseboard/db';
import { createTestDatabase, type TestDatabase } from '@leaseboard/db/testing/test-database';
import { ManualClock } from '../src/clock.ts';
import { loadConfig, type Config } from '../src/config.ts';

/** A database of its own, a manual clock and a configuration: what a use case or job test needs. */
export interface TestServices {
  db: Db;
  clock: ManualClock;
  config: Config;
  database: TestDatabase;
  /** SQL statements seen since the last reset; for N+1 snapshots. */
  statements: string[];
  close(): Promise<void>;
}

export interface TestServicesOptions {
  now?: string;
  env?: Record<string, string>;
}

export async function createTestServices(options: TestServicesOptions = {}): Promise<TestServices> {
  const database = await createTestDatabase();
  const statements: string[] = [];
  const db = createDb(database.url, { max: 5, onQuery: (sql) => statements.push(sql) });
  return {
    db,
    clock: new ManualClock(options.now ?? '2025-01-15T12:00:00Z'),
    config: loadConfig({ PORT: '4000', DATA_DIR: '.test-data', ...options.env }),
    database,
    statements,
    async close() {
      await db.$disconnect();
      await database.drop();
    },
  };
}
