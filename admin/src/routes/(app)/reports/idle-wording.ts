import { count } from '$lib/format.ts';

/** What the API says about an idle lease: why, and for how many whole days. */
export interface IdleFacts {
  reason: 'NEVER_ACTIVATED' | 'NOT_SEEN';
  idleDays: number;
  machineName?: string | null;
}

function ago(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${count(days)} days ago`;
}

/** "Last seen 102 days ago (mail01)", "Never activated, started 45 days ago". */
export function whyIdle(lease: IdleFacts): string {
  if (lease.reason === 'NOT_SEEN') return `Last seen ${ago(lease.idleDays)}${lease.machineName ? ` (${lease.machineName})` : ''}`;
  return `Never activated, started ${ago(lease.idleDays)}`;
}

/** The rule, as the report states it: "… not been seen for 30 days or more, or never activated 14 days after it started." */
export function idleRule(rule: { idleAfterDays: number; graceDays: number }): string {
  return `A lease is idle when its server has not been seen for ${count(rule.idleAfterDays)} days or more, or when no server has activated its key ${count(rule.graceDays)} days after it started (a new lease has that long to be set up).`;
}
