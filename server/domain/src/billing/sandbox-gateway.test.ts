import { describe, expect, it } from 'vitest';
import { type ValidCard, validateCardInput } from './card.rules.ts';
import type { ChargeRequest } from './payment-gateway.ts';
import {
  type KeyValueStore,
  type SandboxCard,
  type SandboxCharge,
  type SandboxClaim,
  SANDBOX_CLAIM_TTL_MS,
  SandboxGateway,
  memoryStore,
} from './sandbox-gateway.ts';

const NOW = new Date('2025-06-15T00:00:00Z');

function validCard(number: string, cvc = '123'): ValidCard {
  const result = validateCardInput({ number, expMonth: 12, expYear: 2030, cvc }, NOW);
  if (!result.ok) throw new Error(`fixture card ${number} is invalid: ${JSON.stringify(result.errors)}`);
  return result.card;
}

function chargeFor(token: string, overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  return {
    token,
    amountCents: 12_345,
    currency: 'USD',
    idempotencyKey: 'invoice-1-attempt-1',
    description: 'Invoice INV-2025-000001',
    ...overrides,
  };
}

/** A memory store that counts its writes. */
function countingStore<T>(): KeyValueStore<T> & { writes: Array<[string, T]> } {
  const inner = memoryStore<T>();
  const writes: Array<[string, T]> = [];
  return {
    writes,
    get: (key) => inner.get(key),
    set: async (key, value) => {
      writes.push([key, value]);
      return inner.set(key, value);
    },
  };
}

async function chargeCard(number: string, gateway = new SandboxGateway()) {
  const { token } = await gateway.tokenize(validCard(number));
  return gateway.charge(chargeFor(token));
}

describe('SandboxGateway', () => {
  describe('when a card is tokenized', () => {
    it('returns a sandbox token with the brand, last four and expiry of the card', async () => {
      const tokenized = await new SandboxGateway().tokenize(validCard('4242424242424242'));
      expect(tokenized).toEqual({
        token: expect.stringMatching(/^tok_sandbox_[0-9a-f]{24}$/),
        brand: 'visa',
        last4: '4242',
        expMonth: 12,
        expYear: 2030,
      });
    });

    it('returns a different token each time', async () => {
      const gateway = new SandboxGateway();
      const first = await gateway.tokenize(validCard('4242424242424242'));
      const second = await gateway.tokenize(validCard('4242424242424242'));
      expect(first.token).not.toBe(second.token);
    });

    it('keeps neither the card number nor the CVC', async () => {
      const cards = countingStore<SandboxCard>();
      await new SandboxGateway({ cards }).tokenize(validCard('4000000000009995'));
      const stored = JSON.stringify(cards.writes);
      expect(stored).not.toContain('4000000000009995');
      expect(stored).not.toContain('"123"');
    });
  });

  describe('when 4242 4242 4242 4242 is charged', () => {
    it('returns succeeded with a sandbox reference', async () => {
      expect(await chargeCard('4242424242424242')).toEqual({
        status: 'succeeded',
        reference: expect.stringMatching(/^ch_sandbox_[0-9a-f]{24}$/),
      });
    });
  });

  describe('when a test card that declines is charged', () => {
    it.each([
      ['4000000000000002', 'card_declined', false],
      ['4000000000009995', 'insufficient_funds', false],
      ['4000000000009979', 'stolen_card', true],
      ['4000000000000069', 'expired_card', true],
      ['4000000000000119', 'processing_error', false],
    ])('returns %s as failed with %s (hard decline: %s)', async (number, declineCode, hardDecline) => {
      expect(await chargeCard(number)).toEqual({
        status: 'failed',
        declineCode,
        hardDecline,
        message: expect.any(String),
      });
    });
  });

  describe('when any other valid card is charged', () => {
    it.each([
      ['5555555555554444', '123'],
      ['378282246310005', '1234'],
      ['6011111111111117', '123'],
      ['4000000000000010', '123'],
    ])('returns succeeded for %s', async (number, cvc) => {
      const gateway = new SandboxGateway();
      const { token } = await gateway.tokenize(validCard(number, cvc));
      expect((await gateway.charge(chargeFor(token))).status).toBe('succeeded');
    });
  });

  describe('when the same idempotency key is charged twice', () => {
    it('returns the first outcome and records a single charge', async () => {
      const charges = countingStore<SandboxCharge>();
      const gateway = new SandboxGateway({ charges });
      const { token } = await gateway.tokenize(validCard('4242424242424242'));

      const first = await gateway.charge(chargeFor(token));
      const second = await gateway.charge(chargeFor(token, { description: 'retried after a timeout' }));

      expect(second).toEqual(first);
      expect(charges.writes).toHaveLength(1);
    });

    it('returns the first decline again without a second attempt', async () => {
      const charges = countingStore<SandboxCharge>();
      const gateway = new SandboxGateway({ charges });
      const { token } = await gateway.tokenize(validCard('4000000000009995'));

      await gateway.charge(chargeFor(token));
      const second = await gateway.charge(chargeFor(token));

      expect(second).toMatchObject({ status: 'failed', declineCode: 'insufficient_funds' });
      expect(charges.writes).toHaveLength(1);
    });
  });

  describe('when the same idempotency key is charged concurrently', () => {
    it('returns one outcome to every caller and records a single charge', async () => {
      const charges = countingStore<SandboxCharge>();
      const gateway = new SandboxGateway({ charges });
      const { token } = await gateway.tokenize(validCard('4242424242424242'));

      const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => gateway.charge(chargeFor(token))));

      expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome))).size).toBe(1);
      expect(charges.writes).toHaveLength(1);
    });
  });

  describe('when different idempotency keys are charged', () => {
    it('returns a separate charge for each', async () => {
      const gateway = new SandboxGateway();
      const { token } = await gateway.tokenize(validCard('4242424242424242'));
      const first = await gateway.charge(chargeFor(token, { idempotencyKey: 'attempt-1' }));
      const second = await gateway.charge(chargeFor(token, { idempotencyKey: 'attempt-2' }));
      expect(first).not.toEqual(second);
    });
  });

  describe('when an idempotency key is reused for a different amount or token', () => {
    it('rejects with IDEMPOTENCY_KEY_REUSED', async () => {
      const gateway = new SandboxGateway();
      const { token } = await gateway.tokenize(validCard('4242424242424242'));
      const other = await gateway.tokenize(validCard('5555555555554444'));
      await gateway.charge(chargeFor(token));

      await expect(gateway.charge(chargeFor(token, { amountCents: 1 }))).rejects.toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
      await expect(gateway.charge(chargeFor(other.token))).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });
  });

  describe('when the stores outlive the gateway (a server restart)', () => {
    it('returns charges for earlier tokens and earlier outcomes for earlier keys', async () => {
      const charges = memoryStore<SandboxCharge>();
      const cards = memoryStore<SandboxCard>();
      const before = new SandboxGateway({ charges, cards });
      const declining = await before.tokenize(validCard('4000000000009979'));
      const paying = await before.tokenize(validCard('4242424242424242'));
      const first = await before.charge(chargeFor(paying.token));

      const after = new SandboxGateway({ charges, cards });

      expect(await after.charge(chargeFor(paying.token))).toEqual(first);
      expect(await after.charge(chargeFor(declining.token, { idempotencyKey: 'other' }))).toMatchObject({
        declineCode: 'stolen_card',
        hardDecline: true,
      });
    });
  });

  describe('when two gateways sharing their stores (two processes) charge one key at once', () => {
    it('answers the second IN_PROGRESS while the first is charging, then the first outcome; one charge is recorded', async () => {
      const charges = countingStore<SandboxCharge>();
      const cards = memoryStore<SandboxCard>();
      const claims = memoryStore<SandboxClaim>();
      let release!: () => void;
      let claimed!: () => void;
      const holding = new Promise<void>((resolve) => (claimed = resolve));
      const first = new SandboxGateway({ charges, cards, claims, afterClaim: () => { claimed(); return new Promise((done) => (release = done)); } });
      const second = new SandboxGateway({ charges, cards, claims });
      const { token } = await first.tokenize(validCard('4242424242424242'));
      const firstCharge = first.charge(chargeFor(token));
      await holding;
      await expect(second.charge(chargeFor(token))).rejects.toMatchObject({ name: 'PaymentGatewayError', code: 'IN_PROGRESS' });
      release();
      const outcome = await firstCharge;
      expect(await second.charge(chargeFor(token))).toEqual(outcome);
      expect(charges.writes).toHaveLength(1);
      expect(await second.findCharge('invoice-1-attempt-1')).toEqual({ amountCents: 12_345, currency: 'USD', outcome });
    });
  });

  describe('when a claim was left without a charge for longer than SANDBOX_CLAIM_TTL_MS (its process died)', () => {
    it('returns a charge made by the next request under the key', async () => {
      const cards = memoryStore<SandboxCard>();
      const claims = memoryStore<SandboxClaim>();
      let now = 1_000_000;
      const gateway = new SandboxGateway({ cards, claims, now: () => now });
      const { token } = await gateway.tokenize(validCard('4242424242424242'));
      await claims.set('invoice-1-attempt-1', { owner: 'dead', at: now });
      now += SANDBOX_CLAIM_TTL_MS - 1;
      await expect(gateway.charge(chargeFor(token))).rejects.toMatchObject({ code: 'IN_PROGRESS' });
      now += 1;
      expect(await gateway.charge(chargeFor(token))).toMatchObject({ status: 'succeeded' });
    });
  });

  describe('when the token was never issued', () => {
    it('rejects with UNKNOWN_TOKEN', async () => {
      await expect(new SandboxGateway().charge(chargeFor('tok_sandbox_missing'))).rejects.toMatchObject({
        name: 'PaymentGatewayError',
        code: 'UNKNOWN_TOKEN',
      });
    });
  });

  describe('when the request is malformed', () => {
    it('rejects with INVALID_REQUEST', async () => {
      const gateway = new SandboxGateway();
      const { token } = await gateway.tokenize(validCard('4242424242424242'));
      for (const overrides of [{ amountCents: 0 }, { amountCents: 10.5 }, { currency: 'usd' }, { idempotencyKey: ' ' }]) {
        await expect(gateway.charge(chargeFor(token, overrides))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      }
    });
  });

  describe('when given a random source', () => {
    it('returns tokens and references drawn from it', async () => {
      const gateway = new SandboxGateway({ randomBytes: (length) => new Uint8Array(length).fill(0xab) });
      const { token } = await gateway.tokenize(validCard('4242424242424242'));
      expect(token).toBe(`tok_sandbox_${'ab'.repeat(12)}`);
      expect(await gateway.charge(chargeFor(token))).toEqual({
        status: 'succeeded',
        reference: `ch_sandbox_${'ab'.repeat(12)}`,
      });
    });
  });
});
