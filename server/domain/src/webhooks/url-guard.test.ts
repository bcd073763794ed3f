import { describe, expect, it } from 'vitest';
import { classifyAddress } from './address.rules.ts';
import { checkWebhookUrl, systemResolver, type Resolver } from './url-guard.ts';

const dns: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34'],
  'rebound.example.com': ['127.0.0.1'],
  'mixed.example.com': ['93.184.216.34', '10.1.2.3'],
  'v6.example.com': ['2606:4700::1111'],
};
const fakeResolver: Resolver = async (host) => dns[host] ?? [];
const strict = { allowLoopback: false, resolve: fakeResolver };
const development = { allowLoopback: true, resolve: fakeResolver };

async function codeOf(url: string, options = strict) {
  const result = await checkWebhookUrl(url, options);
  return result.ok ? 'OK' : result.errors[0]!.code;
}

describe('classifyAddress', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['2606:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.100.100.200', 'private'],
    ['fd00:ec2::254', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'reserved'],
    ['::', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['64:ff9b::a00:1', 'reserved'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe('checkWebhookUrl', () => {
  describe('when the URL is https and resolves to public addresses', () => {
    it('accepts it', async () => {
      expect(await codeOf('https://hooks.example.com/leaseboard')).toBe('OK');
      expect(await codeOf('https://v6.example.com/')).toBe('OK');
      expect(await codeOf('https://93.184.216.34:8443/x')).toBe('OK');
    });
  });

  describe('when the address is private, loopback, link-local or metadata', () => {
    it.each([
      'https://10.0.0.5/hook',
      'https://192.168.0.10/hook',
      'https://172.20.0.1/hook',
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fe80::1]/hook',
      'https://[fd00:ec2::254]/hook',
      'https://0.0.0.0/hook',
    ])('refuses %s', async (url) => {
      expect(await codeOf(url)).toBe('URL_ADDRESS_REFUSED');
    });
  });

  describe('when a host name resolves to 127.0.0.1', () => {
    it('refuses it, through an injected resolver and through the system resolver (localhost)', async () => {
      expect(await codeOf('https://rebound.example.com/hook')).toBe('URL_ADDRESS_REFUSED');
      expect(await codeOf('https://localhost:9/hook', { allowLoopback: false, resolve: systemResolver })).toBe('URL_ADDRESS_REFUSED');
    });

    it('refuses it when any one of the addresses is private', async () => {
      expect(await codeOf('https://mixed.example.com/hook')).toBe('URL_ADDRESS_REFUSED');
    });
  });

  describe('when loopback is allowed (development only)', () => {
    it('accepts loopback, also over plain http, and still refuses private addresses and plain http elsewhere', async () => {
      expect(await codeOf('http://127.0.0.1:8080/hook', development)).toBe('OK');
      expect(await codeOf('http://rebound.example.com/hook', development)).toBe('OK');
      expect(await codeOf('https://10.0.0.5/hook', development)).toBe('URL_ADDRESS_REFUSED');
      expect(await codeOf('https://169.254.169.254/', development)).toBe('URL_ADDRESS_REFUSED');
      expect(await codeOf('http://hooks.example.com/hook', development)).toBe('URL_NOT_HTTPS');
    });
  });

  describe('when the URL is malformed or cannot be resolved', () => {
    it('says so', async () => {
      expect(await codeOf('not a url')).toBe('URL_INVALID');
      expect(await codeOf('ftp://hooks.example.com/')).toBe('URL_INVALID');
      expect(await codeOf('https://user:pw@hooks.example.com/')).toBe('URL_INVALID');
      expect(await codeOf('http://hooks.example.com/')).toBe('URL_NOT_HTTPS');
      expect(await codeOf('https://nowhere.example.com/')).toBe('URL_UNRESOLVABLE');
    });
  });
});
