import { GraphQLError, Kind, print, type ValueNode } from 'graphql';
import { builder } from './builder.ts';

/**
 * Every amount of money in the schema. On the wire a Cents is a JSON number holding a whole number of
 * cents, exact in every JSON parser and JavaScript client up to 2^53 − 1 (about 90 trillion dollars):
 * far past GraphQL's 32-bit Int (21 million dollars), which a vendor-wide total over every partner
 * outgrows. Signed, so a credit can be negative; an input that must not be checks its own range.
 */
export const MAX_CENTS = Number.MAX_SAFE_INTEGER;
export const MIN_CENTS = Number.MIN_SAFE_INTEGER;

const RANGE = `a whole number of cents from ${MIN_CENTS} to ${MAX_CENTS}`;

builder.scalarType('Cents', {
  description: `A whole number of US cents, sent as a JSON number: from −(2^53 − 1) to 2^53 − 1, so totals over every partner fit (a 32-bit Int stops at 2^31 − 1). Inputs with a fraction, out of that range, or sent as a string are refused.`,
  serialize: (value) => serializeCents(value),
  parseValue: (value) => parseCents(value),
  parseLiteral: (ast) => parseCentsLiteral(ast),
});

/** Output: a number or (from a SQL sum) a bigint in range; anything else is a bug, not a client's mistake. */
export function serializeCents(value: unknown): number {
  if (typeof value === 'bigint' && value >= BigInt(MIN_CENTS) && value <= BigInt(MAX_CENTS)) return Number(value);
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new Error(`Cents cannot represent ${String(value)}: must be ${RANGE}`);
}

/** A variable's value, as JSON gave it. */
export function parseCents(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new GraphQLError(`Cents must be ${RANGE}, sent as a JSON number; got ${JSON.stringify(value) ?? String(value)}`);
}

/** A literal in the query text: only an integer literal, compared exactly before it becomes a number. */
export function parseCentsLiteral(ast: ValueNode): number {
  if (ast.kind === Kind.INT) {
    const exact = BigInt(ast.value);
    if (exact >= BigInt(MIN_CENTS) && exact <= BigInt(MAX_CENTS)) return Number(exact);
  }
  throw new GraphQLError(`Cents must be ${RANGE}, sent as a JSON number; got ${print(ast)}`);
}
