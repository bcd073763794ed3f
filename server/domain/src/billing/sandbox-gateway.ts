import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { CardBrand, ValidCard } from './card.rules.ts';
import {
  type ChargeFailed,
  type ChargeOutcome,
  type ChargeRequest,
  type PaymentGateway,
  PaymentGatewayError,
  type RecordedCharge,
  type TokenizedCard,
} from './payment-gateway.ts';

/**
 * Where the sandbox keeps its state. Values are plain JSON, so a database table can back it. The first
 * value written under a key wins, as a processor's idempotency record would: `set` returns the value kept.
 */
export interface KeyValueStore<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<T>;
}

/** What the sandbox remembers of a tokenized card: never the number. */
export interface SandboxCard {
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
  decline: Omit<ChargeFailed, 'status'> | null;
}

/** Who started charging under an idempotency key, and when (ms): a charge under way. */
export interface SandboxClaim {
  owner: string;
  at: number;
}

/**
 * A claim older than this whose charge was never recorded was abandoned (the sandbox runs inside the
 * caller's process, so it dies with it; its own work takes milliseconds): the next request under the key
 * makes the charge. Younger, the request is answered IN_PROGRESS.
 */
export const SANDBOX_CLAIM_TTL_MS = 5_000;

/** A charge as first made under its idempotency key. */
export interface SandboxCharge {
  token: string;
  amountCents: number;
  currency: string;
  outcome: ChargeOutcome;
}

export interface SandboxGatewayOptions {
  randomBytes?: (length: number) => Uint8Array;
  /** Idempotency key → charge. In memory unless given. */
  charges?: KeyValueStore<SandboxCharge>;
  /** Token → card. In memory unless given. */
  cards?: KeyValueStore<SandboxCard>;
  /** Idempotency key → the request that started charging. In memory unless given. */
  claims?: KeyValueStore<SandboxClaim>;
  /** Milliseconds since the epoch, for claims' ages. */
  now?: () => number;
  /** Test seam: runs once a request holds its key's claim, before the charge is recorded. */
  afterClaim?: (idempotencyKey: string) => Promise<void>;
}

type Decline = NonNullable<SandboxCard['decline']>;

const decline = (declineCode: Decline['declineCode'], hardDecline: boolean, message: string): Decline => ({
  declineCode,
  hardDecline,
  message,
});

/** The well-known test numbers that decline; every other valid number is charged successfully. */
const DECLINING_TEST_CARDS: ReadonlyMap<string, Decline> = new Map([
  ['4000000000000002', decline('card_declined', false, 'The card was declined.')],
  ['4000000000009995', decline('insufficient_funds', false, 'The card has insufficient funds.')],
  ['4000000000009979', decline('stolen_card', true, 'The card was reported stolen.')],
  ['4000000000000069', decline('expired_card', true, 'The card has expired.')],
  ['4000000000000119', decline('processing_error', false, 'The card could not be processed.')],
]);

export function memoryStore<T>(): KeyValueStore<T> {
  const values = new Map<string, T>();
  return {
    get: async (key) => structuredClone(values.get(key)),
    set: async (key, value) => {
      if (!values.has(key)) values.set(key, structuredClone(value));
      return structuredClone(values.get(key)!);
    },
  };
}

/** The built-in gateway: charges nothing, behaves like a processor in test mode. */
export class SandboxGateway implements PaymentGateway {
  readonly name = 'sandbox';
  readonly #randomBytes: (length: number) => Uint8Array;
  readonly #charges: KeyValueStore<SandboxCharge>;
  readonly #cards: KeyValueStore<SandboxCard>;
  readonly #claims: KeyValueStore<SandboxClaim>;
  readonly #now: () => number;
  readonly #afterClaim: ((idempotencyKey: string) => Promise<void>) | undefined;
  /** Charges under way, so that concurrent calls with one key share the first call's outcome. */
  readonly #inFlight = new Map<string, Promise<SandboxCharge>>();

  constructor(options: SandboxGatewayOptions = {}) {
    this.#randomBytes = options.randomBytes ?? ((length) => new Uint8Array(cryptoRandomBytes(length)));
    this.#charges = options.charges ?? memoryStore();
    this.#cards = options.cards ?? memoryStore();
    this.#claims = options.claims ?? memoryStore();
    this.#now = options.now ?? Date.now;
    this.#afterClaim = options.afterClaim;
  }

  async tokenize(card: ValidCard): Promise<TokenizedCard> {
    const token = `tok_sandbox_${this.#randomHex()}`;
    const { brand, last4, expMonth, expYear } = card;
    const decline = DECLINING_TEST_CARDS.get(card.number) ?? null;
    await this.#cards.set(token, { brand, last4, expMonth, expYear, decline });
    return { token, brand, last4, expMonth, expYear };
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    assertWellFormed(request);
    let pending = this.#inFlight.get(request.idempotencyKey);
    if (!pending) {
      pending = this.#chargeOnce(request).finally(() => this.#inFlight.delete(request.idempotencyKey));
      this.#inFlight.set(request.idempotencyKey, pending);
    }
    const charge = await pending;
    const sameRequest =
      charge.token === request.token &&
      charge.amountCents === request.amountCents &&
      charge.currency === request.currency;
    if (!sameRequest) {
      throw new PaymentGatewayError(
        'IDEMPOTENCY_KEY_REUSED',
        `Idempotency key ${request.idempotencyKey} was used for a different token, amount or currency`,
      );
    }
    return charge.outcome;
  }

  /**
   * Makes the charge once per key, across processes sharing the stores: a request first claims the key;
   * one that finds another's recent claim and no charge yet is answered IN_PROGRESS (as a processor answers
   * a concurrent request with the same key), so the caller retries later with the same key.
   */
  async #chargeOnce(request: ChargeRequest): Promise<SandboxCharge> {
    const earlier = await this.#charges.get(request.idempotencyKey);
    if (earlier) return earlier;
    const card = await this.#cards.get(request.token);
    if (!card) throw new PaymentGatewayError('UNKNOWN_TOKEN', 'No card was tokenized under this token');
    const mine: SandboxClaim = { owner: this.#randomHex(), at: this.#now() };
    const claim = await this.#claims.set(request.idempotencyKey, mine);
    if (claim.owner !== mine.owner) {
      const recorded = await this.#charges.get(request.idempotencyKey);
      if (recorded) return recorded;
      if (mine.at - claim.at < SANDBOX_CLAIM_TTL_MS) {
        throw new PaymentGatewayError('IN_PROGRESS', `A request with idempotency key ${request.idempotencyKey} is being processed`);
      }
    }
    await this.#afterClaim?.(request.idempotencyKey);
    const outcome: ChargeOutcome = card.decline
      ? { status: 'failed', ...card.decline }
      : { status: 'succeeded', reference: `ch_sandbox_${this.#randomHex()}` };
    return this.#charges.set(request.idempotencyKey, { token: request.token, amountCents: request.amountCents, currency: request.currency, outcome });
  }

  /** The charge recorded under this key, if any, without making one: what reconciliation compares. */
  async findCharge(idempotencyKey: string): Promise<RecordedCharge | null> {
    const charge = await this.#charges.get(idempotencyKey);
    return charge ? { amountCents: charge.amountCents, currency: charge.currency, outcome: charge.outcome } : null;
  }

  #randomHex(): string {
    return Buffer.from(this.#randomBytes(12)).toString('hex');
  }
}

function assertWellFormed(request: ChargeRequest): void {
  if (!Number.isSafeInteger(request.amountCents) || request.amountCents <= 0) {
    const amount = request.amountCents;
    throw new PaymentGatewayError('INVALID_REQUEST', `amountCents must be a positive whole number, got ${amount}`);
  }
  if (!/^[A-Z]{3}$/.test(request.currency)) {
    throw new PaymentGatewayError('INVALID_REQUEST', `currency must be an ISO 4217 code, got "${request.currency}"`);
  }
  if (request.idempotencyKey.trim() === '') {
    throw new PaymentGatewayError('INVALID_REQUEST', 'idempotencyKey must not be empty');
  }
}
