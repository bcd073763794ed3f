import { describe, expect, it } from 'vitest';
import { idleRule, whyIdle } from './idle-wording.ts';

describe('whyIdle', () => {
  it('says how long ago the server was last seen, and which', () => {
    expect(whyIdle({ reason: 'NOT_SEEN', idleDays: 102, machineName: 'mail01' })).toBe('Last seen 102 days ago (mail01)');
    expect(whyIdle({ reason: 'NOT_SEEN', idleDays: 1_204 })).toBe('Last seen 1,204 days ago');
  });

  it('says how long ago a lease never activated started', () => {
    expect(whyIdle({ reason: 'NEVER_ACTIVATED', idleDays: 14 })).toBe('Never activated, started 14 days ago');
    expect(whyIdle({ reason: 'NEVER_ACTIVATED', idleDays: 1 })).toBe('Never activated, started yesterday');
    expect(whyIdle({ reason: 'NEVER_ACTIVATED', idleDays: 0 })).toBe('Never activated, started today');
  });
});

describe('idleRule', () => {
  it('states both thresholds', () => {
    expect(idleRule({ idleAfterDays: 30, graceDays: 14 })).toMatch(/not been seen for 30 days or more, or when no server has activated its key 14 days after it started/);
  });
});
