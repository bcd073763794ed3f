import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type pg from 'pg';

interface PgAdapterInternals {
  client: pg.Pool;
  onError(error: unknown): never;
}

/**
 * Prisma's pg adapter runs a migration script by splitting it at every ";", which cuts a function body
 * (`$$ … $$`) apart. Here the whole script goes to PostgreSQL as one simple query instead, which
 * PostgreSQL runs as one implicit transaction: a migration applies entirely or not at all (so it cannot
 * hold `CREATE INDEX CONCURRENTLY`). Errors are reported as the adapter reports its own.
 */
export function withWholeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const internals = adapter as unknown as PgAdapterInternals;
  adapter.executeScript = async (script) => {
    try {
      await internals.client.query(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}
