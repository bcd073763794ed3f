import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { reconcilePeriod } from '@leaseboard/domain/billing/reconcile-period';
import { billingDeps, partnersWithCardAndLease } from '@leaseboard/domain/test/billing-helpers';
import { createTestApp, type TestApp } from './harness.ts';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const killedRun = fileURLToPath(new URL('./billing-run-killed.ts', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli/billing-run.ts', import.meta.url));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A real `billing:run` child process (or the same code with a kill hook), on the test database. */
function run(script: string, period: string, env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', script, '--period', period], { cwd: serverDir, env: { ...process.env, ...env } }, (_error, stdout, stderr) => {
      resolve({ code: child.exitCode, signal: child.signalCode, stdout, stderr });
    });
  });
}

/** The step boundaries billing-run-killed.ts can stop at, in run order. */
const KILL_STEPS = ['draft', 'numbering', 'pending', 'charge', 'paid'] as const;
type KillStep = (typeof KILL_STEPS)[number];

/** What the one re-run reports after each kill: it says what it resumed. */
const RERUN_SAYS: Record<KillStep, string[]> = {
  draft: ['3 already there, 3 finalised', 'auto-pay: 3 paid'],
  numbering: ['3 already there, 0 finalised', 'auto-pay: 3 paid'],
  pending: ['resumed interrupted charges: 3 paid', 'auto-pay: nothing to charge'],
  charge: ['resumed interrupted charges: 3 paid', 'auto-pay: nothing to charge'],
  paid: ['3 already there, 0 finalised', 'auto-pay: nothing to charge'],
};

let t: TestApp;
let partners: number[];

/** Three partners with a card on file and one lease each, active through 2025. */
beforeAll(async () => {
  t = await createTestApp({ now: '2024-12-10T10:00:00Z' });
  partners = await partnersWithCardAndLease(t.db, t.clock, ['SM-PRO-250', 'SM-ENT-500', 'ST-PRO-5']);
  t.clock.set('2026-01-01T00:00:00Z');
}, 120_000);
afterAll(() => t.close());

/** Everything the issue asks of a period once its runs are over. */
async function periodState(period: string) {
  const invoices = await t.db.invoice.findMany({ where: { period }, orderBy: { partnerId: 'asc' }, include: { attempts: true } });
  const charges = await t.db.sandboxGatewayRecord.findMany({ where: { store: 'charge', key: { in: invoices.map((i) => `invoice:${i.id}:attempt:1`) } } });
  const receipts = await t.db.outboxMessage.groupBy({ by: ['partnerId'], where: { kind: 'invoice-paid', subject: { in: invoices.map((i) => `Invoice ${i.number} is paid`) } }, _count: { _all: true } });
  const reconciliation = await reconcilePeriod(billingDeps(t.db, t.clock), period, { repair: false, meta: { viewer: { kind: 'anonymous', scopes: new Set(), label: 'test' }, ip: null, requestId: 'test', at: t.clock.now() } });
  return {
    partners: invoices.map((invoice) => invoice.partnerId),
    statuses: invoices.map((invoice) => invoice.status),
    succeededAttempts: invoices.map((invoice) => invoice.attempts.filter((attempt) => attempt.status === 'SUCCEEDED').length),
    pendingAttempts: invoices.reduce((n, invoice) => n + invoice.attempts.filter((attempt) => attempt.status === 'PENDING').length, 0),
    charges: charges.length,
    chargedCents: charges.map((c) => (c.value as { amountCents: number }).amountCents).sort(),
    invoicedCents: invoices.map((invoice) => invoice.totalCents).sort(),
    receipts: receipts.map((r) => r._count._all),
    findings: reconciliation.ok ? reconciliation.value.findings : 'refused',
  };
}

const FINISHED = {
  statuses: ['PAID', 'PAID', 'PAID'],
  succeededAttempts: [1, 1, 1],
  pendingAttempts: 0,
  charges: 3,
  receipts: [1, 1, 1],
  findings: [],
};

/** The sequence numbers of the year's invoices, in order: gapless and unique when they read 1..n. */
async function numbersOf2025() {
  return (await t.db.invoice.findMany({ where: { number: { startsWith: 'INV-2025-' } }, select: { number: true } })).map((i) => Number(i.number!.slice(9))).sort((a, b) => a - b);
}
const oneToN = (numbers: number[]) => numbers.map((_, index) => index + 1);

// Each case bills its own month of 2025, so one database serves all ten, and cases overlap.
const CASES = KILL_STEPS.flatMap((step) => [1, 2].map((reruns) => ({ step, reruns, period: `2025-${String(KILL_STEPS.indexOf(step) * 2 + reruns).padStart(2, '0')}` })));

/** Two cases at a time (at most three runs at once): the embedded database serves 20 connections in all. */
const slots = { free: 2, waiting: [] as (() => void)[] };
async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free--;
  try {
    return await work();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

describe('billing:run killed at a step boundary (SIGKILL, a real child process)', () => {
  describe.concurrent.each(KILL_STEPS)('when it is killed after %s', (step: KillStep) => {
    it('returns, after one re-run, one PAID invoice per partner with one charge each, gapless numbers, and the gateway in agreement', ({ expect }) => inSlot(async () => {
      const period = CASES.find((c) => c.step === step && c.reruns === 1)!.period;
      const dead = await run(killedRun, period, { DATABASE_URL: t.database.url, BILLING_KILL_AT: step });
      expect(dead.signal, dead.stderr).toBe('SIGKILL');

      const rerun = await run(cli, period, { DATABASE_URL: t.database.url });
      expect(rerun.stderr).toBe('');
      expect(rerun.code).toBe(0);
      expect(rerun.stdout).not.toContain('still pending');
      for (const fragment of RERUN_SAYS[step]) expect(rerun.stdout).toContain(fragment);
      const state = await periodState(period);
      expect(state).toMatchObject({ ...FINISHED, partners });
      expect(state.chargedCents).toEqual(state.invoicedCents);
      const numbers = await numbersOf2025();
      expect(numbers).toEqual(oneToN(numbers));
    }), 180_000);

    it('returns the same when two re-runs start at once', ({ expect }) => inSlot(async () => {
      const period = CASES.find((c) => c.step === step && c.reruns === 2)!.period;
      const dead = await run(killedRun, period, { DATABASE_URL: t.database.url, BILLING_KILL_AT: step });
      expect(dead.signal, dead.stderr).toBe('SIGKILL');

      const reruns = await Promise.all([run(cli, period, { DATABASE_URL: t.database.url }), run(cli, period, { DATABASE_URL: t.database.url })]);
      expect(reruns.map((r) => [r.code, r.stderr])).toEqual([[0, ''], [0, '']]);
      const state = await periodState(period);
      expect(state).toMatchObject({ ...FINISHED, partners });
      expect(state.chargedCents).toEqual(state.invoicedCents);
      const numbers = await numbersOf2025();
      expect(numbers).toEqual(oneToN(numbers));
    }), 180_000);
  });
});
