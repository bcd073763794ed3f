import type { Db } from '@leaseboard/db';

/**
 * Columns a refused request may legitimately change, and why:
 * - `Session.lastSeenAt`, `ApiKey.lastUsedAt`: authentication's bookkeeping for every request, refused or not;
 * - `User.failedLogins`, `User.lockedUntil` (and Prisma's `updatedAt` with them): a failed sign-in is a
 *   refused mutation whose whole point is to be counted (sign-in throttling).
 * Nothing else is left out: a refused request writes no audit entry (but see RECORDS_ITS_REFUSALS), outbox
 * message or history row.
 */
export const MAY_CHANGE_WHEN_REFUSED: Record<string, string[]> = {
  Session: ['lastSeenAt'],
  ApiKey: ['lastUsedAt'],
  User: ['failedLogins', 'lockedUntil', 'updatedAt'],
};

/**
 * Tables a refused operation may write because recording the refusal is its job: a sign-in refused by
 * the throttle audits the throttle starting (issue 13: "every lock and unlock audited").
 */
export const RECORDS_ITS_REFUSALS: Record<string, string[]> = {
  'Mutation.signIn': ['AuditLog'],
};

export interface ChangeJournal {
  /** The tables written since the last call (each once, sorted), and a clean journal. */
  takeChanges(): Promise<string[]>;
}

/**
 * A row trigger on every table of the test database that notes the table in `fuzz_change` when a row is
 * inserted, deleted or updated to other values (ignoring MAY_CHANGE_WHEN_REFUSED). A rolled-back change
 * leaves no note. Asking it costs one statement (about 1 ms); a snapshot of every table (count and md5 of
 * the rows) took 20-36 ms here, which made 10,000 requests take minutes longer.
 */
export async function installChangeJournal(db: Db): Promise<ChangeJournal> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
  await db.$executeRawUnsafe(`CREATE TABLE fuzz_change (table_name text NOT NULL)`);
  await db.$executeRawUnsafe(`
    CREATE FUNCTION fuzz_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - TG_ARGV) = (to_jsonb(OLD) - TG_ARGV) THEN RETURN NULL; END IF;
      INSERT INTO fuzz_change VALUES (TG_TABLE_NAME);
      RETURN NULL;
    END $$`);
  for (const { name } of tables) {
    const ignored = (MAY_CHANGE_WHEN_REFUSED[name] ?? []).map((c) => `'${c}'`).join(', ');
    await db.$executeRawUnsafe(`CREATE TRIGGER fuzz_note_change AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION fuzz_note_change(${ignored})`);
  }
  return {
    async takeChanges() {
      const rows = await db.$queryRawUnsafe<{ table_name: string }[]>(`DELETE FROM fuzz_change RETURNING table_name`);
      return [...new Set(rows.map((r) => r.table_name))].sort();
    },
  };
}
