import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  describe('when nothing is set', () => {
    it('returns the embedded defaults', () => {
      const config = loadConfig({});
      expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, dataDir: '.data', publicUrl: 'http://localhost:4000' });
    });
  });

  describe('when SESSION_SECRET is not set outside production', () => {
    it('returns a random key of its own for each start, and says it made it up', () => {
      const first = loadConfig({});
      const second = loadConfig({});
      expect(first.sessionSecretGenerated).toBe(true);
      expect(first.sessionSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(second.sessionSecret).not.toBe(first.sessionSecret);
    });
  });

  describe('when SESSION_SECRET is too short', () => {
    it('refuses it with one line naming SESSION_SECRET', () => {
      expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/^Invalid SESSION_SECRET: must be at least 32 characters/);
    });
  });

  describe('when PORT is not a port', () => {
    it.each(['abc', '0', '70000', '4.5'])('refuses %s with one line naming PORT', (value) => {
      expect(() => loadConfig({ PORT: value })).toThrow(ConfigError);
      expect(() => loadConfig({ PORT: value })).toThrow(/^Invalid PORT: .*\(got "[^"]*"\)$/);
    });
  });

  describe('when DATABASE_URL is not a postgres URL', () => {
    it('refuses it with one line naming DATABASE_URL', () => {
      expect(() => loadConfig({ DATABASE_URL: 'mysql://localhost/db' })).toThrow(/^Invalid DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    });
  });

  describe('when SMTP_URL or PUBLIC_URL are malformed', () => {
    it('names the setting', () => {
      expect(() => loadConfig({ SMTP_URL: 'localhost:25' })).toThrow(/^Invalid SMTP_URL/);
      expect(() => loadConfig({ PUBLIC_URL: 'not a url' })).toThrow(/^Invalid PUBLIC_URL/);
    });
  });

  describe('when the rate limits are set', () => {
    it('gives each caller those budgets (300 requests then 10 a second, 100,000 points then 2,000, when unset), and refuses anything but a whole number of 1 or more', () => {
      expect(loadConfig({}).rateLimits).toEqual({ requests: { capacity: 300, refillPerSecond: 10 }, cost: { capacity: 100_000, refillPerSecond: 2_000 } });
      const set = loadConfig({ RATE_LIMIT_REQUESTS_BURST: '50', RATE_LIMIT_REQUESTS_PER_SECOND: '5', RATE_LIMIT_POINTS_BURST: '9000', RATE_LIMIT_POINTS_PER_SECOND: '300' });
      expect(set.rateLimits).toEqual({ requests: { capacity: 50, refillPerSecond: 5 }, cost: { capacity: 9000, refillPerSecond: 300 } });
      for (const name of ['RATE_LIMIT_REQUESTS_BURST', 'RATE_LIMIT_REQUESTS_PER_SECOND', 'RATE_LIMIT_POINTS_BURST', 'RATE_LIMIT_POINTS_PER_SECOND']) {
        for (const value of ['0', 'lots', '1.5']) expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid ${name}: `));
      }
    });
  });

  describe('when LEASE_COUNT_CAP is set', () => {
    it('caps the lease count there (1,000 when unset), and refuses anything but a whole number of 1 or more', () => {
      expect(loadConfig({}).leaseCountCap).toBe(1000);
      expect(loadConfig({ LEASE_COUNT_CAP: '30' }).leaseCountCap).toBe(30);
      for (const value of ['0', 'many', '2.5']) expect(() => loadConfig({ LEASE_COUNT_CAP: value })).toThrow(/^Invalid LEASE_COUNT_CAP: /);
    });
  });

  describe('when running in production without a session secret', () => {
    it('refuses to start', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/^Invalid SESSION_SECRET/);
    });
  });

  describe('when webhooks may reach loopback addresses', () => {
    it('is off unless WEBHOOKS_ALLOW_LOOPBACK=true, and refused in production', () => {
      expect(loadConfig({}).webhooksAllowLoopback).toBe(false);
      expect(loadConfig({ WEBHOOKS_ALLOW_LOOPBACK: 'true' }).webhooksAllowLoopback).toBe(true);
      expect(() => loadConfig({ WEBHOOKS_ALLOW_LOOPBACK: 'yes' })).toThrow(/^Invalid WEBHOOKS_ALLOW_LOOPBACK/);
      expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), WEBHOOKS_ALLOW_LOOPBACK: 'true' })).toThrow(
        /^Invalid WEBHOOKS_ALLOW_LOOPBACK/,
      );
    });
  });

  describe('when every setting is given', () => {
    it('returns them, without a trailing slash on the public URL', () => {
      const config = loadConfig({
        PORT: '8080',
        DATABASE_URL: 'postgres://u:p@db:5432/leaseboard',
        DATA_DIR: '/var/lib/leaseboard',
        SMTP_URL: 'smtp://mail:25',
        SESSION_SECRET: 'x'.repeat(32),
        PUBLIC_URL: 'https://lease.example.com/',
      });
      expect(config).toMatchObject({
        port: 8080,
        databaseUrl: 'postgres://u:p@db:5432/leaseboard',
        dataDir: '/var/lib/leaseboard',
        smtpUrl: 'smtp://mail:25',
        sessionSecret: 'x'.repeat(32),
        sessionSecretGenerated: false,
        publicUrl: 'https://lease.example.com',
      });
    });
  });
});
