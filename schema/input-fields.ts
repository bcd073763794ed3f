import { z } from 'zod';
import { TEXT_LIMITS } from './text-limits.ts';

/** The optional idempotencyKey of a mutation input. */
export const idempotencyKeyField = () =>
  ({
    required: false,
    description: 'Retrying with the same key and input returns the first result instead of acting twice.',
    validate: z.string().min(1).max(TEXT_LIMITS['idempotencyKey']!),
  }) as const;

export const emailShape = z.email({ error: 'must be an email address' }).max(TEXT_LIMITS['email']!);
