/**
 * The one billing engine (docs/billing.md: "anything else that prices a month" must call it), reached by
 * a relative path because @leaseboard/db cannot depend on @leaseboard/server. It is pure TypeScript with
 * no imports outside its folder, so tsx and vitest load it as they load this package's own files.
 */
export { billPeriod } from '../../../server/src/domain/billing/proration.rules.ts';
export type { BillingItem, BillingLine, BillingSegment } from '../../../server/src/domain/billing/billing.types.ts';
