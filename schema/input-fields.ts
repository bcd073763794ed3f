import { z } from 'zod';

/** The optional idempotencyKey of a mutation input. */
export const idempotencyKeyField = () =>
  ({
    required: false,
    description: 'Retrying with the same key and input returns the first result instead of acting twice.',
    validate: z.string().min(1).max(200),
  }) as const;

export const emailShape = z.email({ error: 'must be an email address' }).max(320);
