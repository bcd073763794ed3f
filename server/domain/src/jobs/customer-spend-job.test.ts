import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolOf } from '@leaseboard/db';
import { customerSpendIsCurrent } from '../reports/customer-spend.ts';
import { catalogOf, createPartner, product, startedLease } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { jobQueueWith } from '../../test/job-queue.ts';
import { CUSTOMER_SPEND_CRON, CUSTOMER_SPEND_QUEUE, registerCustomerSpendJobs } from './customer-spend-job.ts';
import type { JobQueue } from './queue.ts';

let t: TestServices;
let jobs: JobQueue;

// The real clock: CustomerSpend is priced at the database's now(), which the report's `now` must match.
beforeAll(async () => {
  t = await createTestServices({ now: new Date().toISOString() });
  jobs = await jobQueueWith(t, registerCustomerSpendJobs);
});
afterAll(async () => {
  await jobs?.stop({ graceful: false, timeout: 2_000 });
  await t.close();
});

describe('registerCustomerSpendJobs on pg-boss', () => {
  it('schedules the repricing every minute in UTC', async () => {
    const schedule = (await jobs.getSchedules()).find((s) => s.name === CUSTOMER_SPEND_QUEUE);
    expect(schedule).toMatchObject({ cron: CUSTOMER_SPEND_CRON, timezone: 'UTC' });
    expect(CUSTOMER_SPEND_CRON).toBe('* * * * *');
  });

  it('reprices CustomerSpend once a price change has taken effect, when the job runs', async () => {
    await startedLease(t.db, t.clock, (await createPartner(t.db)).id, 'SM-PRO-250');
    await poolOf(t.db).query(`INSERT INTO "ProductPrice" ("productId", "effectiveFrom", "amountCents") VALUES ($1, now() - interval '1 second', 77700)`, [
      product(await catalogOf(t.db), 'SM-PRO-250').id,
    ]);
    t.clock.set(new Date());
    expect(await customerSpendIsCurrent(t.db, t.clock.now())).toBe(false);

    await jobs.send(CUSTOMER_SPEND_QUEUE, {});
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !(await customerSpendIsCurrent(t.db, t.clock.now()))) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await customerSpendIsCurrent(t.db, t.clock.now())).toBe(true);
    const { rows } = await poolOf(t.db).query(`SELECT "monthlyCents" FROM "CustomerSpend" WHERE "activeLeases" = 1`);
    expect(rows).toEqual([{ monthlyCents: '77700' }]);
  }, 60_000);
});
