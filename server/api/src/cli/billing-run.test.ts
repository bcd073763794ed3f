import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@leaseboard/domain/clock';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { catalogOf, createPartner } from '../../test/factories.ts';
import { leaseActions } from '@leaseboard/domain/test/billing-helpers';
import { parseBillingRunArgs } from './billing-run-args.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = fileURLToPath(new URL('./billing-run.ts', import.meta.url));

/** Runs the CLI without blocking this process (the embedded test database is served from it). */
function billingRun(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', cliPath, ...args], { cwd: serverDir, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

describe('parseBillingRunArgs', () => {
  it('returns the period from either form', () => {
    expect(parseBillingRunArgs(['--period', '2025-01'])).toEqual({ ok: true, period: '2025-01' });
    expect(parseBillingRunArgs(['--', '--period=2025-12'])).toEqual({ ok: true, period: '2025-12' });
  });

  it('returns one clear message for a missing, malformed or unknown argument', () => {
    expect(parseBillingRunArgs([])).toEqual({ ok: false, message: 'missing --period; usage: billing:run --period YYYY-MM' });
    expect(parseBillingRunArgs(['--period'])).toEqual({ ok: false, message: '--period needs a value, e.g. --period 2025-01' });
    expect(parseBillingRunArgs(['--period', '2025-13'])).toEqual({ ok: false, message: '--period must be YYYY-MM, got "2025-13"' });
    expect(parseBillingRunArgs(['--month', '2025-01'])).toMatchObject({ ok: false, message: expect.stringContaining('unexpected argument "--month"') });
  });
});

describe('billing:run', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const clock = new ManualClock('2025-03-10T09:00:00Z');
    const partner = await createPartner(t.db);
    await leaseActions(t.db, clock, await catalogOf(t.db)).start(partner.id, 'SM-PRO-250');
  });
  afterAll(() => t.close());

  describe('when the arguments are wrong', () => {
    it('returns one line on stderr and exit status 2, before touching any database', async () => {
      expect(await billingRun(['--period', 'March'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })).toEqual({
        status: 2,
        stdout: '',
        stderr: 'billing:run: --period must be YYYY-MM, got "March"\n',
      });
    }, 30_000);
  });

  describe('when the month has not ended', () => {
    it('returns PERIOD_NOT_ENDED and exit status 2', async () => {
      const result = await billingRun(['--period', '2999-01'], { DATABASE_URL: t.database.url });
      expect(result).toEqual({ status: 2, stdout: '', stderr: 'billing:run: PERIOD_NOT_ENDED: 2999-01 has not ended yet: a month is billed once it is over.\n' });
    }, 30_000);
  });

  describe('when DATABASE_URL is set and the period is valid', () => {
    it('bills the month there and prints a summary; a second run changes nothing', async () => {
      const first = await billingRun(['--period', '2025-03'], { DATABASE_URL: t.database.url });
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      // 22 active days (10–31 March) of $10.00 over a divisor of 28: 786 cents.
      expect(first.stdout).toMatch(/^billing:run 2025-03: 1 partner\(s\) with active leases\n {2}invoices: 1 created, 0 already there, 1 finalised; 1 in total, \$7\.86\n {2}auto-pay: 1 no card\n/);
      const second = await billingRun(['--period=2025-03'], { DATABASE_URL: t.database.url });
      expect(second.stdout).toContain('invoices: 0 created, 1 already there, 0 finalised; 1 in total, $7.86');
      expect(await t.db.invoice.count()).toBe(1);
    }, 60_000);
  });
});
