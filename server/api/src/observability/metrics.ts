import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { poolOf } from '@leaseboard/db';
import type { Services } from '@leaseboard/domain/services';

export interface Metrics {
  registry: Registry;
  /** Counts one finished request: its operation, HTTP status, duration and GraphQL error codes. */
  observe(operation: string, status: number, seconds: number, errorCodes: readonly string[]): void;
}

/**
 * The app's Prometheus metrics, in a registry of its own (one per app, never the global one): requests
 * and their duration by operation, GraphQL errors by code, the database pool, the job queues and the
 * outbox. The last three are read when /metrics is scraped, so they cost nothing between scrapes.
 */
export function createMetrics(services: Pick<Services, 'db' | 'jobs'>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leaseboard_' });

  const requests = new Counter({ name: 'leaseboard_requests_total', help: 'Requests by operation and HTTP status.', labelNames: ['operation', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'leaseboard_request_duration_seconds',
    help: 'Request duration by operation, until the response head was ready.',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({ name: 'leaseboard_graphql_errors_total', help: 'GraphQL errors by extensions.code.', labelNames: ['code'], registers: [registry] });

  const pool = poolOf(services.db);
  new Gauge({
    name: 'leaseboard_db_pool_connections',
    help: 'Database pool connections by state (in_use, idle).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: 'leaseboard_db_pool_waiting',
    help: 'Queries waiting for a database connection.',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
  new Gauge({
    name: 'leaseboard_jobs',
    help: 'Jobs by queue and state: created and retry are the backlog, failed the jobs that ran out of retries (kept as long as pg-boss keeps them).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      if (!services.jobs) return;
      const rows = await pool
        .query<{ name: string; state: string; n: number }>(`SELECT name, state::text, count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active', 'failed') GROUP BY 1, 2`)
        .then((result) => result.rows, () => []);
      for (const row of rows) this.set({ queue: row.name, state: row.state }, row.n);
    },
  });
  new Gauge({
    name: 'leaseboard_outbox_messages',
    help: 'Outbox messages not sent yet, by status (PENDING waits for delivery, FAILED gave up).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await pool
        .query<{ status: string; n: number }>(`SELECT status::text, count(*)::int AS n FROM "OutboxMessage" WHERE status <> 'SENT' GROUP BY 1`)
        .then((result) => result.rows, () => []);
      this.set({ status: 'PENDING' }, 0);
      this.set({ status: 'FAILED' }, 0);
      for (const row of rows) this.set({ status: row.status }, row.n);
    },
  });

  return {
    registry,
    observe(operation, status, seconds, errorCodes) {
      requests.inc({ operation, status: String(status) });
      duration.observe({ operation }, seconds);
      for (const code of errorCodes) errors.inc({ code });
    },
  };
}
