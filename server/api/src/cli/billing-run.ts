import { billingRunMain } from './billing-run-main.ts';

/**
 * `pnpm billing:run --period YYYY-MM`: bills a past month now, on DATABASE_URL or the embedded database
 * in DATA_DIR, and prints a summary. Safe to repeat, also after a crash: what is already billed or
 * charged is left alone, and what an interrupted run left (drafts, PENDING charges) is finished.
 * Bad arguments print one line and exit 2; a database that cannot be reached exits 1.
 */
process.exitCode = await billingRunMain(process.argv.slice(2));
