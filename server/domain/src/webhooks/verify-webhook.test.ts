import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signedHeaders } from './signature.rules.ts';
import { verifyWebhook, WebhookVerificationError } from './verify-webhook.ts';

const secret = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
const body = JSON.stringify({ id: 'evt_1', type: 'lease.started', createdAt: '2026-12-04T10:00:00.000Z', apiVersion: '2026-12-01', data: { lease: { leaseNumber: 1 } } });
const now = 1_780_000_000;

describe('verifyWebhook', () => {
  describe('when the body was signed with the secret', () => {
    it('returns the parsed event', async () => {
      const event = await verifyWebhook({ secret, headers: signedHeaders([secret], 'evt_1', now, body), body, nowSeconds: now + 10 });
      expect(event).toMatchObject({ id: 'evt_1', type: 'lease.started', data: { lease: { leaseNumber: 1 } } });
    });

    it('accepts a Headers object with the names in any case', async () => {
      const headers = new Headers(Object.entries(signedHeaders([secret], 'evt_1', now, body)).map(([k, v]) => [k.toUpperCase(), v]));
      await expect(verifyWebhook({ secret, headers, body, nowSeconds: now })).resolves.toMatchObject({ id: 'evt_1' });
    });
  });

  describe('during a secret rotation', () => {
    it('accepts the new secret and the old one, since both signatures are sent', async () => {
      const newSecret = generateWebhookSecret();
      const headers = signedHeaders([newSecret, secret], 'evt_1', now, body);
      expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
      await expect(verifyWebhook({ secret, headers, body, nowSeconds: now })).resolves.toMatchObject({ id: 'evt_1' });
      await expect(verifyWebhook({ secret: newSecret, headers, body, nowSeconds: now })).resolves.toMatchObject({ id: 'evt_1' });
    });
  });

  describe('when the signature is bad', () => {
    it('rejects a body changed after signing', async () => {
      const headers = signedHeaders([secret], 'evt_1', now, body);
      await expect(verifyWebhook({ secret, headers, body: body.replace('"leaseNumber":1', '"leaseNumber":2'), nowSeconds: now })).rejects.toThrow(
        WebhookVerificationError,
      );
    });

    it('rejects another secret, another id and a missing header', async () => {
      const headers = signedHeaders([generateWebhookSecret()], 'evt_1', now, body);
      await expect(verifyWebhook({ secret, headers, body, nowSeconds: now })).rejects.toThrow('No matching signature');
      const otherId = { ...signedHeaders([secret], 'evt_1', now, body), 'webhook-id': 'evt_2' };
      await expect(verifyWebhook({ secret, headers: otherId, body, nowSeconds: now })).rejects.toThrow('No matching signature');
      const { 'webhook-signature': _dropped, ...unsigned } = signedHeaders([secret], 'evt_1', now, body);
      await expect(verifyWebhook({ secret, headers: unsigned, body, nowSeconds: now })).rejects.toThrow(/Missing/);
    });
  });

  describe('when the timestamp is stale', () => {
    it('rejects it even with a good signature, in both directions', async () => {
      const headers = signedHeaders([secret], 'evt_1', now, body);
      await expect(verifyWebhook({ secret, headers, body, nowSeconds: now + 301 })).rejects.toThrow('Timestamp outside the tolerance');
      await expect(verifyWebhook({ secret, headers, body, nowSeconds: now - 301 })).rejects.toThrow('Timestamp outside the tolerance');
      await expect(verifyWebhook({ secret, headers, body, nowSeconds: now + 300 })).resolves.toMatchObject({ id: 'evt_1' });
    });
  });
});
