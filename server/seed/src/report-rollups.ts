import type pg from 'pg';

/** The triggers of migration report_rollups (the rollups and Lease.addOnIds), as [table, trigger]. */
export const REPORT_ROLLUP_TRIGGERS: readonly (readonly [table: string, trigger: string])[] = ['Lease', 'LeaseAddOn'].flatMap((table) =>
  ['insert', 'update', 'delete'].map((op) => [table, `${table}_rollups_${op}`] as const),
);

/** The triggers that keep the report tables: CustomerSpend's (migration customer_spend) and the rollups'. */
const REPORT_TRIGGERS = [
  ...['Lease', 'LeaseAddOn'].flatMap((table) => ['insert', 'update', 'delete'].map((op) => [table, `${table}_spend_${op}`] as const)),
  ...REPORT_ROLLUP_TRIGGERS,
];

/** Turns triggers on or off (ALTER TABLE … ENABLE / DISABLE TRIGGER). */
export async function setTriggers(client: pg.ClientBase | pg.Pool, triggers: readonly (readonly [string, string])[], enabled: boolean): Promise<void> {
  for (const [table, trigger] of triggers) await client.query(`ALTER TABLE "${table}" ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER "${trigger}"`);
}

/**
 * Around a bulk load inside a transaction: the per-statement report triggers are off while rows go in
 * (each batch would recompute its customers and rollup rows, some while indexes are deferred), and
 * `finish` turns them back on and computes every report table once.
 */
export async function pauseReportRollups(client: pg.ClientBase): Promise<{ finish(): Promise<void> }> {
  await setTriggers(client, REPORT_TRIGGERS, false);
  return {
    async finish() {
      await setTriggers(client, REPORT_TRIGGERS, true);
      // Without statistics on the tables just loaded, the planner scans them for each batch of customers and
      // compares every row with the whole batch: 400,000 customers took 28 s with statistics, over 11 minutes without.
      await client.query(`ANALYZE "Customer", "Lease", "LeaseAddOn"`);
      await client.query(`SELECT "lb_refresh_customer_spend"(ARRAY(SELECT id FROM "Customer" ORDER BY id))`);
      await client.query(`SELECT "lb_rebuild_report_rollups"()`);
    },
  };
}
