import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type pg from 'pg';

interface PgAdapterInternals {
  client: pg.Pool;
  onError(error: unknown): never;
}

/**
 * The first line that makes a migration run outside a transaction, one statement at a time: what
 * `CREATE INDEX CONCURRENTLY` (and `DROP INDEX CONCURRENTLY`) need, since PostgreSQL refuses them inside a
 * transaction block. Such a migration holds simple statements only (no `$$` function bodies), each ending
 * with `;` at the end of a line, and each safe to run again (`IF NOT EXISTS`, or `DROP … IF EXISTS` first):
 * when one fails, the ones before it stay applied. See docs/architecture.md ("Migrations").
 */
export const NO_TRANSACTION_MARKER = '-- migrate: no-transaction';

/**
 * Prisma's pg adapter runs a migration script by splitting it at every ";", which cuts a function body
 * (`$$ … $$`) apart. Here the whole script goes to PostgreSQL as one simple query instead, which
 * PostgreSQL runs as one implicit transaction: a migration applies entirely or not at all. A script that
 * starts with NO_TRANSACTION_MARKER is sent statement by statement instead, each in a transaction of its
 * own. Errors are reported as the adapter reports its own.
 */
export function withWholeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const internals = adapter as unknown as PgAdapterInternals;
  adapter.executeScript = async (script) => {
    try {
      if (!runsWithoutTransaction(script)) {
        await internals.client.query(script);
        return;
      }
      for (const statement of statementsOf(script)) await internals.client.query(statement);
    } catch (error) {
      internals.onError(error);
    }
  };
  return adapter;
}

export function runsWithoutTransaction(script: string): boolean {
  return script.trimStart().startsWith(NO_TRANSACTION_MARKER);
}

/** The statements of a no-transaction migration: split where a line ends with ";", comments dropped. */
export function statementsOf(script: string): string[] {
  if (/\$[A-Za-z_]*\$/.test(script)) throw new Error(`a ${NO_TRANSACTION_MARKER} migration cannot hold $$ bodies`);
  return script
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((statement) => statement.replace(/^[ \t]*--.*$/gm, '').trim())
    .filter(Boolean);
}
