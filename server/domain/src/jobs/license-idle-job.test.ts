import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartner, startedLease } from '../../test/factories.ts';
import { jobQueueWith } from '../../test/job-queue.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import { LICENSE_IDLE_CRON, LICENSE_IDLE_QUEUE, registerLicenseIdleJobs } from './license-idle-job.ts';
import type { JobQueue } from './queue.ts';

let t: TestServices;
let jobs: JobQueue;

beforeAll(async () => {
  t = await createTestServices({ now: '2025-03-15T12:00:00Z' });
  jobs = await jobQueueWith(t, registerLicenseIdleJobs);
});
afterAll(async () => {
  await jobs?.stop({ graceful: false, timeout: 2_000 });
  await t.close();
});

describe('registerLicenseIdleJobs on pg-boss', () => {
  it('schedules a daily run in UTC', async () => {
    const schedule = (await jobs.getSchedules()).find((s) => s.name === LICENSE_IDLE_QUEUE);
    expect(schedule).toMatchObject({ cron: LICENSE_IDLE_CRON, timezone: 'UTC' });
    expect(LICENSE_IDLE_CRON).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  it('records license.idle for a lease not seen for 30 days when the job runs', async () => {
    const partnerId = (await createPartner(t.db)).id;
    const lease = await startedLease(t.db, t.clock, partnerId);
    const seen = new Date(t.clock.now().getTime() - 31 * 86_400_000);
    await t.db.lease.update({ where: { id: lease.id }, data: { lastSeenAt: seen, serverName: 'mail.example.test' } });

    await jobs.send(LICENSE_IDLE_QUEUE, {});
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !(await t.db.licenseIdleNotice.findUnique({ where: { leaseId: lease.id } }))) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await t.db.licenseIdleNotice.findUnique({ where: { leaseId: lease.id } })).toMatchObject({ lastSeenAt: seen });
  }, 60_000);
});
