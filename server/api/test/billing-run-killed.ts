import type { BillingHooks } from '@leaseboard/domain/billing/billing-deps';
import { billingRunMain } from '../src/cli/billing-run-main.ts';

/**
 * `billing:run` as the kill tests start it: the CLI's own code, with a hook that SIGKILLs this process
 * at the step boundary named by BILLING_KILL_AT, the first time the step has done something. Exits 86
 * if the run ends without reaching that step, so a test cannot mistake a finished run for a killed one.
 */
const step = process.env['BILLING_KILL_AT'] as 'draft' | 'numbering' | 'pending' | 'charge' | 'paid' | undefined;
const die = (ids: readonly number[] | number) => {
  if (typeof ids === 'number' || ids.length > 0) process.kill(process.pid, 'SIGKILL');
};
const hooks: BillingHooks = {
  ...(step === 'draft' ? { afterDraft: die } : {}),
  ...(step === 'numbering' ? { afterNumbering: die } : {}),
  ...(step === 'pending' ? { afterPending: die } : {}),
  ...(step === 'charge' ? { afterGatewayCharge: die } : {}),
  ...(step === 'paid' ? { afterPaid: die } : {}),
};
const status = await billingRunMain(process.argv.slice(2), hooks);
process.exitCode = step ? 86 : status;
