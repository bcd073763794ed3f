import { poolOf, type Db } from '@leaseboard/db';

/** Rows the report rollup triggers appended that the compaction job has not folded yet, in all three tables. */
export async function appendedRollupRows(db: Db): Promise<number> {
  const { rows } = await poolOf(db).query<{ n: string }>(`SELECT (SELECT count(*) FROM "LeaseDayMovement" WHERE NOT compacted)
    + (SELECT count(*) FROM "ActiveLeaseTally" WHERE NOT compacted) + (SELECT count(*) FROM "ActiveAddOnTally" WHERE NOT compacted) AS n`);
  return Number(rows[0]!.n);
}
