import { createHash } from 'node:crypto';
import type { Db, Prisma } from '@leaseboard/db';
import { fail, type Result } from '../result.ts';
import type { Tx } from '../tx.ts';

export type IdempotencyErrorCode = 'IDEMPOTENCY_KEY_REUSED';

export interface IdempotencyRequest {
  partnerId: number | null;
  key: string | null | undefined;
  operation: string;
  input: unknown;
}

/**
 * Runs a mutation once per (partner, key). The key row is inserted in the mutation's own transaction:
 * a concurrent request with the same key waits on the unique index, then replays the committed result.
 * The same key with a different input is refused. Refused mutations roll back and keep no key.
 */
export async function idempotent<T extends Prisma.InputJsonValue, Code extends string>(
  db: Db,
  request: IdempotencyRequest,
  work: (tx: Tx) => Promise<Result<T, Code>>,
): Promise<Result<T, Code | IdempotencyErrorCode>> {
  if (!request.key || request.partnerId === null) return db.$transaction((tx) => work(tx), { timeout: 20_000 });
  const requestHash = hashInput(request.operation, request.input);
  const where = { partnerId_key: { partnerId: request.partnerId, key: request.key } };

  const earlier = await replay<T>(db, where, requestHash);
  if (earlier) return earlier;
  try {
    return await db.$transaction(
      async (tx) => {
        await tx.idempotencyKey.create({
          data: { partnerId: request.partnerId!, key: request.key!, operation: request.operation, requestHash },
        });
        const result = await work(tx);
        if (!result.ok) throw new Refused(result);
        await tx.idempotencyKey.update({ where, data: { response: result.value } });
        return result;
      },
      { timeout: 20_000 },
    );
  } catch (error) {
    if (error instanceof Refused) return error.result as Result<T, Code>;
    if ((error as { code?: string }).code === 'P2002') {
      const winner = await replay<T>(db, where, requestHash);
      if (winner) return winner;
    }
    throw error;
  }
}

class Refused extends Error {
  constructor(readonly result: Result<unknown, string>) {
    super('refused');
  }
}

async function replay<T>(
  db: Db,
  where: { partnerId_key: { partnerId: number; key: string } },
  requestHash: string,
): Promise<Result<T, IdempotencyErrorCode> | null> {
  const row = await db.idempotencyKey.findUnique({ where });
  if (!row || row.response === null) return null;
  if (row.requestHash !== requestHash) {
    return fail('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used with a different input.', ['idempotencyKey']);
  }
  return { ok: true, value: row.response as T };
}

function hashInput(operation: string, input: unknown): string {
  return createHash('sha256').update(operation).update('\0').update(canonicalJson(input)).digest('hex');
}

/** JSON with sorted keys, so the same input in another key order hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
