import type pg from 'pg';

/**
 * The triggers that keep the report tables, per table: CustomerSpend (migration customer_spend) and the
 * rollups with Lease.addOnIds (migration report_rollups).
 */
const ROLLUP_TRIGGERS = {
  Lease: ['Lease_spend_insert', 'Lease_spend_update', 'Lease_spend_delete', 'Lease_rollups_insert', 'Lease_rollups_update', 'Lease_rollups_delete'],
  LeaseAddOn: [
    'LeaseAddOn_spend_insert',
    'LeaseAddOn_spend_update',
    'LeaseAddOn_spend_delete',
    'LeaseAddOn_rollups_insert',
    'LeaseAddOn_rollups_update',
    'LeaseAddOn_rollups_delete',
  ],
} as const;

async function setRollupTriggers(client: pg.ClientBase, enabled: boolean): Promise<void> {
  for (const [table, triggers] of Object.entries(ROLLUP_TRIGGERS)) {
    for (const trigger of triggers) await client.query(`ALTER TABLE "${table}" ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER "${trigger}"`);
  }
}

/**
 * Around a bulk load inside a transaction: the per-statement report triggers are off while rows go in
 * (each batch would recompute its customers and rollup rows, some while indexes are deferred), and
 * `finish` turns them back on and computes every report table once.
 */
export async function pauseReportRollups(client: pg.ClientBase): Promise<{ finish(): Promise<void> }> {
  await setRollupTriggers(client, false);
  return {
    async finish() {
      await setRollupTriggers(client, true);
      // Without statistics on the tables just loaded, the planner scans them for each batch of customers and
      // compares every row with the whole batch: 400,000 customers took 28 s with statistics, over 11 minutes without.
      await client.query(`ANALYZE "Customer", "Lease", "LeaseAddOn"`);
      await client.query(`SELECT "lb_refresh_customer_spend"(ARRAY(SELECT id FROM "Customer" ORDER BY id))`);
      await client.query(`SELECT "lb_rebuild_report_rollups"()`);
    },
  };
}
