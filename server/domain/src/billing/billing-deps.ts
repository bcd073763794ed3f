import type { Db } from '@leaseboard/db';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { PaymentGateway } from './payment-gateway.ts';

/**
 * Transactions that record a charge wait longer for a connection than Prisma's 2 s default: a busy pool
 * (a run charges 8 cards at once) must delay the bookkeeping of money already taken, not fail it.
 */
export const CHARGE_TX = { maxWait: 15_000, timeout: 30_000 } as const;

/** What billing use cases that charge cards need, handed in by the composition root or a test. */
export interface BillingDeps {
  db: Db;
  clock: Clock;
  gateway: PaymentGateway;
  logger?: Logger;
  /** Waits between asks while the gateway answers IN_PROGRESS; setTimeout unless given. */
  sleep?: (ms: number) => Promise<void>;
  /** Test seams at each step boundary of a run, so a test can stop the process at an exact moment. */
  hooks?: BillingHooks;
}

export interface BillingHooks {
  /** DRAFT invoices were committed. */
  afterDraft?: (invoiceIds: readonly number[]) => void | Promise<void>;
  /** These invoices were numbered (OPEN). */
  afterNumbering?: (invoiceIds: readonly number[]) => void | Promise<void>;
  /** PENDING attempts were committed for these invoices; the gateway is not yet called. */
  afterPending?: (invoiceIds: readonly number[]) => void | Promise<void>;
  /** The gateway answered for this invoice's attempt; the outcome is not yet stored. */
  afterGatewayCharge?: (invoiceId: number) => void | Promise<void>;
  /** These invoices were marked PAID. */
  afterPaid?: (invoiceIds: readonly number[]) => void | Promise<void>;
}
