import { PrismaPg } from '@prisma/adapter-pg';
import pg, { type QueryResultRow } from 'pg';
import { PrismaClient } from '../generated/client.ts';
import { ROW_TYPES } from './timestamptz.ts';

export type Db = InstanceType<typeof PrismaClient>;

export interface DbOptions {
  /** Connections in the pool. */
  max?: number;
  /** How long a query waits for a free connection before it fails (pg's connectionTimeoutMillis); 0 waits for ever. */
  connectionTimeoutMs?: number;
  /** PostgreSQL's statement_timeout for every connection of the pool; 0 or unset: none. */
  statementTimeoutMs?: number;
  /** Called with every SQL statement and its duration; tests count statements, benchmarks time them. */
  onQuery?: (sql: string, durationMs: number) => void;
}

/** A Prisma client that speaks to PostgreSQL (embedded or real) through the pg driver adapter. */
export function createDb(url: string, options: DbOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 0,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle connection the server closed (a restart, DROP DATABASE … WITH (FORCE)) leaves the pool on its
  // own and the next query opens another; unheard, its error would take the process down.
  pool.on('error', () => {});
  const adapter = new PrismaPg(pool);
  if (!options.onQuery) return remember(new PrismaClient({ adapter }), pool);
  const client = remember(new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] }), pool);
  const onQuery = options.onQuery;
  listeners.set(client, onQuery);
  (client as unknown as { $on(event: 'query', cb: (e: { query: string; duration: number }) => void): void }).$on('query', (e) =>
    onQuery(e.query, e.duration),
  );
  return client;
}

const pools = new WeakMap<Db, pg.Pool>();
const listeners = new WeakMap<Db, NonNullable<DbOptions['onQuery']>>();

/** Remembers the pool for poolOf, and makes $disconnect end it too (Prisma leaves a pool it was given open). */
function remember(db: Db, pool: pg.Pool): Db {
  pools.set(db, pool);
  const disconnect = db.$disconnect.bind(db);
  db.$disconnect = async () => {
    await disconnect();
    if (!pool.ended && !pool.ending) await pool.end();
  };
  return db;
}

/**
 * The pg pool under a client from createDb, for the few reads that stream more rows than Prisma's row
 * objects are worth (the customer export). Same connections, same limit: it is the pool Prisma uses.
 */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('poolOf: this client was not made by createDb');
  return pool;
}

/**
 * The rows of one statement, read through the client's pool with pg's own parsers rather than Prisma's
 * mapping of every value: for the hottest read, a page of leases, where that mapping was about a sixth of the
 * statement's time. Outside any transaction; reported to `onQuery` like Prisma's statements. pg gives
 * `timestamptz` as a Date (parseTimestamptz), integer arrays as numbers, enums as strings, and `bigint` (`count(*)`) as a string.
 */
export async function queryRows<T>(db: Db, statement: { text: string; values: unknown[] }): Promise<T[]> {
  const started = performance.now();
  const { rows } = await poolOf(db).query<T & QueryResultRow>({ text: statement.text, values: statement.values, types: ROW_TYPES });
  listeners.get(db)?.(statement.text, performance.now() - started);
  return rows;
}
