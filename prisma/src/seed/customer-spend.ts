import type pg from 'pg';

/** The triggers that keep CustomerSpend (migration customer_spend), per table. */
const SPEND_TRIGGERS = {
  Lease: ['Lease_spend_insert', 'Lease_spend_update', 'Lease_spend_delete'],
  LeaseAddOn: ['LeaseAddOn_spend_insert', 'LeaseAddOn_spend_update', 'LeaseAddOn_spend_delete'],
} as const;

async function setSpendTriggers(client: pg.ClientBase, enabled: boolean): Promise<void> {
  for (const [table, triggers] of Object.entries(SPEND_TRIGGERS)) {
    for (const trigger of triggers) await client.query(`ALTER TABLE "${table}" ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER "${trigger}"`);
  }
}

/**
 * Around a bulk load inside a transaction: the per-statement CustomerSpend triggers are off while rows go
 * in (each batch would recompute its customers, some while indexes are deferred), and `finish` turns them
 * back on and computes every customer's row once.
 */
export async function pauseCustomerSpend(client: pg.ClientBase): Promise<{ finish(): Promise<void> }> {
  await setSpendTriggers(client, false);
  return {
    async finish() {
      await setSpendTriggers(client, true);
      // Without statistics on the tables just loaded, the planner scans them for each batch of customers and
      // compares every row with the whole batch: 400,000 customers took 28 s with statistics, over 11 minutes without.
      await client.query(`ANALYZE "Customer", "Lease", "LeaseAddOn"`);
      await client.query(`SELECT "lb_refresh_customer_spend"(ARRAY(SELECT id FROM "Customer" ORDER BY id))`);
    },
  };
}
