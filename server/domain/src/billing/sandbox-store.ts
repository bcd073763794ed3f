import type { Db } from '@leaseboard/db';
import type { PaymentGateway } from './payment-gateway.ts';
import { type KeyValueStore, type SandboxCard, type SandboxCharge, type SandboxClaim, SandboxGateway, type SandboxGatewayOptions } from './sandbox-gateway.ts';

/**
 * A sandbox store kept in SandboxGatewayRecord. The first value written under a key wins, as a
 * processor's idempotency record would: a second write of the same key is ignored.
 */
export function databaseStore<T>(db: Db, store: string): KeyValueStore<T> {
  return {
    async get(key) {
      const [row] = await db.$queryRaw<{ value: T }[]>`SELECT value FROM "SandboxGatewayRecord" WHERE store = ${store} AND key = ${key}`;
      return row?.value;
    },
    async set(key, value) {
      const [inserted] = await db.$queryRaw<{ value: T }[]>`
        INSERT INTO "SandboxGatewayRecord" (store, key, value) VALUES (${store}, ${key}, ${JSON.stringify(value)}::jsonb)
        ON CONFLICT (store, key) DO NOTHING
        RETURNING value`;
      if (inserted) return inserted.value;
      const [kept] = await db.$queryRaw<{ value: T }[]>`SELECT value FROM "SandboxGatewayRecord" WHERE store = ${store} AND key = ${key}`;
      return kept!.value;
    },
  };
}

/**
 * Cards tokenised by the sandbox, and, for a token it never issued (cards written straight into
 * PaymentMethod, e.g. by the demo seed), the stored card itself, which then always succeeds.
 */
function sandboxCards(db: Db): KeyValueStore<SandboxCard> {
  const records = databaseStore<SandboxCard>(db, 'card');
  return {
    async get(token) {
      const [row] = await db.$queryRaw<{ value: SandboxCard }[]>`
        (SELECT value FROM "SandboxGatewayRecord" WHERE store = 'card' AND key = ${token})
        UNION ALL
        (SELECT jsonb_build_object('brand', brand, 'last4', last4, 'expMonth', "expMonth", 'expYear', "expYear", 'decline', NULL)
         FROM "PaymentMethod" WHERE token = ${token} AND gateway = 'sandbox' LIMIT 1)
        LIMIT 1`;
      return row?.value;
    },
    set: (token, card) => records.set(token, card),
  };
}

/** The default gateway: the sandbox, remembering its cards and charges in the database. */
export function databaseSandboxGateway(db: Db, options: Pick<SandboxGatewayOptions, 'now' | 'afterClaim'> = {}): PaymentGateway {
  return new SandboxGateway({
    charges: databaseStore<SandboxCharge>(db, 'charge'),
    cards: sandboxCards(db),
    claims: databaseStore<SandboxClaim>(db, 'claim'),
    ...options,
  });
}

/** The gateway the composition root chose, or the database-backed sandbox. */
export function gatewayOf(services: { db: Db; gateway?: PaymentGateway | undefined }): PaymentGateway {
  return services.gateway ?? databaseSandboxGateway(services.db);
}
