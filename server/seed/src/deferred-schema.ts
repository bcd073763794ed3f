import type pg from 'pg';

/** An index or foreign key taken off for a bulk load, with the exact SQL that puts it back. */
export interface DeferredObject {
  name: string;
  restore: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Takes the plain (non-unique) indexes and the foreign keys off the given tables and returns the SQL that
 * restores them exactly. Building an index once after a bulk load is far cheaper than updating it row by
 * row (above all the trigram GIN indexes), and validating a foreign key once is one join instead of a
 * trigger call per row. Unique indexes and primary keys stay, so they are checked as rows go in.
 * Use inside the loading transaction and restore before committing, so no one sees the tables without them.
 */
export async function deferIndexesAndForeignKeys(client: pg.ClientBase, tables: readonly string[]): Promise<DeferredObject[]> {
  const indexes = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT t.relname AS table, c.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
     FROM pg_index x
     JOIN pg_class c ON c.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname = ANY($1::text[])
       AND NOT x.indisunique AND NOT x.indisprimary
       AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
     ORDER BY t.relname, c.relname`,
    [tables],
  );
  const foreignKeys = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT t.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
     FROM pg_constraint k
     JOIN pg_class t ON t.oid = k.conrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname = ANY($1::text[]) AND k.contype = 'f'
     ORDER BY t.relname, k.conname`,
    [tables],
  );
  const deferred: DeferredObject[] = [];
  for (const index of indexes.rows) {
    await client.query(`DROP INDEX ${quote(index.name)}`);
    deferred.push({ name: index.name, restore: index.definition });
  }
  for (const key of foreignKeys.rows) {
    await client.query(`ALTER TABLE ${quote(key.table)} DROP CONSTRAINT ${quote(key.name)}`);
    deferred.push({ name: key.name, restore: `ALTER TABLE ${quote(key.table)} ADD CONSTRAINT ${quote(key.name)} ${key.definition}` });
  }
  return deferred;
}

/** Rebuilds what `deferIndexesAndForeignKeys` took off; a row that breaks a foreign key fails here. */
export async function restoreDeferred(client: pg.ClientBase, deferred: readonly DeferredObject[]): Promise<void> {
  for (const object of deferred) await client.query(object.restore);
}
