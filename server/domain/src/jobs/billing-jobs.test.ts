import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { Services } from '../services.ts';
import { silentLogger } from '../logger.ts';
import { billingDeps, cardOnFile, leaseActions } from '../../test/billing-helpers.ts';
import { catalogOf, createPartner } from '../../test/factories.ts';
import { createTestServices, type TestServices } from '../../test/test-services.ts';
import {
  BILLING_MONTH_CRON,
  BILLING_MONTH_QUEUE,
  BILLING_PARTNER_QUEUE,
  BILLING_RETRY_CRON,
  BILLING_RETRY_QUEUE,
  billPartner,
  fanOutMonth,
  registerBillingJobs,
} from './billing-jobs.ts';
import { startJobQueue, type JobQueue } from './queue.ts';

let t: TestServices;
let services: Services;
let partners: number[];

beforeAll(async () => {
  t = await createTestServices({ now: '2024-12-15T09:00:00Z' });
  services = { db: t.db, clock: t.clock, logger: silentLogger, config: loadConfig({}), jobs: null };
  const lease = leaseActions(t.db, t.clock, await catalogOf(t.db));
  partners = [];
  for (let index = 0; index < 3; index++) {
    const partnerId = (await createPartner(t.db)).id;
    partners.push(partnerId);
    await cardOnFile(billingDeps(t.db, t.clock), partnerId);
    if (index < 2) await lease.start(partnerId, 'SM-PRO-100');
  }
  t.clock.set('2025-01-01T00:05:00Z');
});
afterAll(() => t.close());

describe('fanOutMonth', () => {
  it('returns one job per partner with something active, keyed <period>:<partner>, for the previous month by default', async () => {
    const inserted: { name: string; jobs: unknown[] }[] = [];
    const queue = { insert: async (name: string, jobs: unknown[]) => (inserted.push({ name, jobs }), null) };
    expect(await fanOutMonth(queue as never, services)).toBe(2);
    expect(inserted).toEqual([
      {
        name: BILLING_PARTNER_QUEUE,
        jobs: partners.slice(0, 2).map((partnerId) => ({ data: { period: '2024-12', partnerId }, singletonKey: `2024-12:${partnerId}` })),
      },
    ]);
  });
});

describe('billPartner', () => {
  it('returns the partner billed and charged once, however often the job runs', async () => {
    await billPartner(services, { period: '2024-12', partnerId: partners[0]! });
    await billPartner(services, { period: '2024-12', partnerId: partners[0]! });
    const invoices = await t.db.invoice.findMany({ include: { attempts: true } });
    expect(invoices.map((invoice) => [invoice.partnerId, invoice.status, invoice.attempts.length])).toEqual([[partners[0], 'PAID', 1]]);
  });
});

describe('registerBillingJobs on pg-boss', () => {
  let jobs: JobQueue;
  beforeAll(async () => {
    jobs = await startJobQueue(t.database.url, silentLogger, { schedules: false });
    await registerBillingJobs(jobs, { ...services, jobs });
  });
  afterAll(() => jobs.stop({ graceful: false, timeout: 2_000 }));

  it('returns the monthly and hourly schedules in UTC', async () => {
    const schedules = await jobs.getSchedules();
    const byName = Object.fromEntries(schedules.map((schedule) => [schedule.name, schedule]));
    expect(byName[BILLING_MONTH_QUEUE]).toMatchObject({ cron: BILLING_MONTH_CRON, timezone: 'UTC' });
    expect(byName[BILLING_RETRY_QUEUE]).toMatchObject({ cron: BILLING_RETRY_CRON, timezone: 'UTC' });
    expect(BILLING_MONTH_CRON).toBe('5 0 1 * *');
  });

  it('returns every active partner invoiced once when the month job runs', async () => {
    await jobs.send(BILLING_MONTH_QUEUE, { period: '2024-12' });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await t.db.invoice.count({ where: { status: 'PAID' } })) < 2) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const invoices = await t.db.invoice.findMany({ orderBy: { partnerId: 'asc' }, include: { attempts: true } });
    expect(invoices.map((invoice) => [invoice.partnerId, invoice.status, invoice.attempts.length])).toEqual([
      [partners[0], 'PAID', 1],
      [partners[1], 'PAID', 1],
    ]);
  }, 90_000);
});
