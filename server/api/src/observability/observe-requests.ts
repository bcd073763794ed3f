import { randomUUID } from 'node:crypto';
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '@leaseboard/domain/logger';
import type { Metrics } from './metrics.ts';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What the access log and the metrics learn about a request while it is served. */
interface RequestRecord {
  operation: string;
  errorCodes: string[];
  cost: number | null;
}

const records = new WeakMap<Request, RequestRecord>();

/** `copy` is `original` read again (e.g. its body buffered): what is learnt of either is the request's. */
export function sameRequest(original: Request, copy: Request): void {
  const record = records.get(original);
  if (record && copy !== original) records.set(copy, record);
}

/** Names what served the request (a route's name), for the log and the metrics. */
export function nameOperation(request: Request, operation: string): void {
  const record = records.get(request);
  if (record) record.operation = operation;
}

/**
 * Wraps the app's fetch: gives every request an id (the client's X-Request-Id, at most 100 characters,
 * or a new one), then writes one JSON access-log line and counts it in the metrics. The line holds the
 * request id, method, path (never the query string, which may carry a download token), operation,
 * status, duration and cost; never a header, variable or body, so no password, token, API key or card
 * number can reach it.
 */
export function observeRequests(fetch: (request: Request) => Promise<Response>, { logger, metrics }: { logger: Logger; metrics: Metrics }) {
  return async (request: Request): Promise<Response> => {
    const started = performance.now();
    const requestId = request.headers.get(REQUEST_ID_HEADER)?.slice(0, 100) || randomUUID();
    request.headers.set(REQUEST_ID_HEADER, requestId);
    const path = new URL(request.url).pathname;
    const record: RequestRecord = { operation: defaultOperation(path), errorCodes: [], cost: null };
    records.set(request, record);
    let status = 500;
    try {
      const response = await fetch(request);
      status = response.status;
      return response;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics.observe(record.operation, status, seconds, record.errorCodes);
      logger.info('request', {
        requestId,
        method: request.method,
        path: path.slice(0, 200),
        operation: record.operation,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        cost: record.cost,
        ...(record.errorCodes.length ? { errorCodes: record.errorCodes } : {}),
      });
    }
  };
}

function defaultOperation(path: string): string {
  if (path === '/graphql' || path.startsWith('/graphql/')) return 'graphql';
  if (path === '/healthz' || path === '/readyz' || path === '/metrics') return path.slice(1);
  return 'admin';
}

/**
 * Yoga's part: the operation as `<type> <first root field>` (from the schema, so the metrics' label set
 * stays bounded whatever operation names clients send), the error codes, and the cost once the request's
 * result carries one in `extensions.cost` (a number, or an object with a numeric `total`).
 */
export function observeGraphql(): Plugin {
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const record = request && records.get(request);
      if (record) record.operation = operationOf(args.document, args.operationName ?? undefined);
    },
    onResultProcess({ request, result }) {
      const record = records.get(request);
      if (!record) return;
      for (const one of Array.isArray(result) ? result : [result]) {
        if (!one || typeof one !== 'object' || !('errors' in one || 'extensions' in one)) continue;
        const { errors, extensions } = one as { errors?: readonly { extensions?: { code?: unknown } }[]; extensions?: Record<string, unknown> };
        for (const error of errors ?? []) record.errorCodes.push(typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN');
        const cost = costOf(extensions?.['cost']);
        if (cost !== null) record.cost = cost;
      }
    },
  };
}

function operationOf(document: DocumentNode, operationName: string | undefined): string {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operations.find((o) => o.name?.value === operationName) ?? operations[0];
  if (!operation) return 'graphql';
  const field = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  return `${operation.operation} ${field && field.kind === Kind.FIELD ? field.name.value : '…'}`;
}

function costOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value && typeof value === 'object' && typeof (value as { total?: unknown }).total === 'number') return (value as { total: number }).total;
  return null;
}
