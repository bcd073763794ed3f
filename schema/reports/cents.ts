import { GraphQLError } from 'graphql';
import { builder } from '../builder.ts';

/** Report totals over every lease of every partner outgrow GraphQL's 32-bit Int, so they use this. */
export const CentsScalar = builder.scalarType('Cents', {
  description: 'A whole number of US cents, up to 2^53 − 1 (totals can exceed a 32-bit Int).',
  serialize: (value: number) => {
    if (!Number.isSafeInteger(value)) throw new GraphQLError('Cents must be a whole number');
    return value;
  },
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new GraphQLError('Cents must be a whole number');
    return value;
  },
});
