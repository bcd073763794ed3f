import type { Db } from '@leaseboard/db';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { PaymentGateway } from './billing/payment-gateway.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { LiveBus } from './live/live-bus.ts';
import type { Logger } from './logger.ts';
import type { RateLimitStore } from './rate-limit/rate-limit-store.ts';
import type { RedisConnection } from './redis/connect-redis.ts';
import type { Resolver } from './webhooks/url-guard.ts';
import type { WebhookSender } from './webhooks/webhook-sender.ts';

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
  /** The connection to REDIS_URL where processes share state; absent or null: each process keeps its own. */
  redis?: RedisConnection | null;
  /** Rate-limit budgets and sign-in attempt counters: in Redis when REDIS_URL is set; one in memory per database client when omitted. */
  rateLimitStore?: RateLimitStore;
  /** Sends webhooks over HTTP (built in the composition root); without it no webhook job runs. */
  webhookSender?: WebhookSender;
  /** Host name → addresses for the webhook URL guard; the system resolver when omitted. */
  resolve?: Resolver;
  /** Live updates heard by this process (LISTEN); without it subscriptions other than exportProgress end at once. */
  live?: LiveBus;
}
