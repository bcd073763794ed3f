import { describe, expect, it } from 'vitest';
import { licenseCode, overlapEndsAt, overlapExpired, serverNorm, type LicenseFacts } from './license-check.rules.ts';

const now = new Date('2025-06-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const activeLease = { status: 'ACTIVE', partnerStatus: 'ACTIVE' } as const;
const current = { supersededAt: null };

describe('licenseCode', () => {
  describe('when no lease has the key', () => {
    it('returns NOT_FOUND whatever else is true', () => {
      expect(licenseCode('validate', { lease: null, activation: current }, now)).toBe('NOT_FOUND');
    });
  });

  describe('when the lease is stopped', () => {
    it('returns STOPPED before looking at the partner or the activation', () => {
      const facts: LicenseFacts = { lease: { status: 'STOPPED', partnerStatus: 'SUSPENDED' }, activation: { supersededAt: daysAgo(90) } };
      for (const operation of ['activate', 'validate', 'deactivate'] as const) expect(licenseCode(operation, facts, now)).toBe('STOPPED');
    });
  });

  describe('when the partner is suspended or closed', () => {
    it('returns PARTNER_SUSPENDED', () => {
      expect(licenseCode('validate', { lease: { status: 'ACTIVE', partnerStatus: 'SUSPENDED' }, activation: current }, now)).toBe('PARTNER_SUSPENDED');
      expect(licenseCode('activate', { lease: { status: 'ACTIVE', partnerStatus: 'CLOSED' }, activation: null }, now)).toBe('PARTNER_SUSPENDED');
    });
  });

  describe('when the server activates', () => {
    it('returns VALID with or without an activation of its own', () => {
      expect(licenseCode('activate', { lease: activeLease, activation: null }, now)).toBe('VALID');
      expect(licenseCode('activate', { lease: activeLease, activation: { supersededAt: daysAgo(45) } }, now)).toBe('VALID');
    });
  });

  describe('when the server validates', () => {
    it('returns VALID for the current activation', () => {
      expect(licenseCode('validate', { lease: activeLease, activation: current }, now)).toBe('VALID');
    });

    it('returns VALID within the 30-day overlap, up to and including its last millisecond', () => {
      expect(licenseCode('validate', { lease: activeLease, activation: { supersededAt: daysAgo(29) } }, now)).toBe('VALID');
      expect(licenseCode('validate', { lease: activeLease, activation: { supersededAt: daysAgo(30) } }, now)).toBe('VALID');
    });

    it('returns ALREADY_ACTIVE_ELSEWHERE once the overlap has run out', () => {
      const justOver = new Date(daysAgo(30).getTime() - 1);
      expect(licenseCode('validate', { lease: activeLease, activation: { supersededAt: justOver } }, now)).toBe('ALREADY_ACTIVE_ELSEWHERE');
    });

    it('returns NOT_ACTIVATED without an activation', () => {
      expect(licenseCode('validate', { lease: activeLease, activation: null }, now)).toBe('NOT_ACTIVATED');
    });
  });

  describe('when the server deactivates', () => {
    it('returns VALID even after the overlap ran out, so an old server can still leave cleanly', () => {
      expect(licenseCode('deactivate', { lease: activeLease, activation: { supersededAt: daysAgo(90) } }, now)).toBe('VALID');
    });

    it('returns NOT_ACTIVATED without an activation', () => {
      expect(licenseCode('deactivate', { lease: activeLease, activation: null }, now)).toBe('NOT_ACTIVATED');
    });
  });
});

describe('overlapEndsAt', () => {
  it('returns 30 days after the move, or null for a current activation', () => {
    expect(overlapEndsAt(new Date('2025-01-01T10:00:00Z'))?.toISOString()).toBe('2025-01-31T10:00:00.000Z');
    expect(overlapEndsAt(null)).toBeNull();
    expect(overlapExpired(null, now)).toBe(false);
  });
});

describe('serverNorm', () => {
  it('returns the name in lower case without surrounding spaces', () => {
    expect(serverNorm('  MAIL-01.Example.COM ')).toBe('mail-01.example.com');
  });
});
