import type { Db } from '@leaseboard/db';
import type { VerifiedApiKeys } from './auth/verified-api-keys.ts';
import type { Viewer } from './auth/viewer.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { PaymentGateway } from './domain/billing/payment-gateway.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';

/** Long-lived parts the composition root builds once and hands to every request. */
export interface Services {
  db: Db;
  clock: Clock;
  logger: Logger;
  config: Config;
  /** Null where no worker runs (most tests); jobs are then run by hand. */
  jobs: JobQueue | null;
  /** The card processor; the database-backed sandbox when omitted (see domain/billing/sandbox-store.ts). */
  gateway?: PaymentGateway;
}

/** Per request and read-only, apart from the cookies a mutation asks to set. */
export interface Context extends Services {
  viewer: Viewer;
  requestId: string;
  ip: string | null;
  userAgent: string | null;
  requestHeaders: Headers;
  /** API keys this app verified recently; a revocation here must forget the key. */
  verifiedApiKeys: VerifiedApiKeys;
  responseCookies: string[];
}
