import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/client.ts';

export type Db = InstanceType<typeof PrismaClient>;

export interface DbOptions {
  /** Connections in the pool. */
  max?: number;
  /** Called with every SQL statement and its duration; tests count statements, benchmarks time them. */
  onQuery?: (sql: string, durationMs: number) => void;
}

/** A Prisma client that speaks to PostgreSQL (embedded or real) through the pg driver adapter. */
export function createDb(url: string, options: DbOptions = {}): Db {
  const adapter = new PrismaPg({ connectionString: url, max: options.max ?? 10 });
  if (!options.onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  const onQuery = options.onQuery;
  (client as unknown as { $on(event: 'query', cb: (e: { query: string; duration: number }) => void): void }).$on('query', (e) =>
    onQuery(e.query, e.duration),
  );
  return client;
}
