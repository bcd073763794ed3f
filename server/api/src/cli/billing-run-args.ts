export type BillingRunArgs = { ok: true; period: string } | { ok: false; message: string };

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `--period YYYY-MM` or `--period=YYYY-MM`, nothing else (billing:run and billing:reconcile). */
export function parseBillingRunArgs(argv: readonly string[], command = 'billing:run'): BillingRunArgs {
  let period: string | undefined;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') continue;
    if (arg === '--period') {
      period = argv[++index];
      if (period === undefined) return { ok: false, message: '--period needs a value, e.g. --period 2025-01' };
    } else if (arg.startsWith('--period=')) {
      period = arg.slice('--period='.length);
    } else {
      return { ok: false, message: `unexpected argument ${JSON.stringify(arg)}; usage: ${command} --period YYYY-MM` };
    }
  }
  if (period === undefined) return { ok: false, message: `missing --period; usage: ${command} --period YYYY-MM` };
  if (!PERIOD.test(period)) return { ok: false, message: `--period must be YYYY-MM, got ${JSON.stringify(period)}` };
  return { ok: true, period };
}
