import type { Db } from '@leaseboard/db';
import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { PaymentGateway } from './payment-gateway.ts';

/** What billing use cases that charge cards need, handed in by the composition root or a test. */
export interface BillingDeps {
  db: Db;
  clock: Clock;
  gateway: PaymentGateway;
  logger?: Logger;
}
