import { timingSafeEqual } from 'node:crypto';
import type { Config } from '@leaseboard/domain/config';
import type { Metrics } from '../observability/metrics.ts';
import { CLIENT_IP_HEADER } from './node-adapter.ts';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * GET /metrics in the Prometheus text format. Readable from the loopback address (a scraper or sidecar
 * on the same machine) and, when METRICS_TOKEN is set, from anywhere with `Authorization: Bearer
 * <METRICS_TOKEN>`; anyone else gets 403 and nothing about the process.
 */
export async function metricsResponse(request: Request, metrics: Metrics, config: Pick<Config, 'metricsToken'>): Promise<Response> {
  if (!mayRead(request, config.metricsToken)) return new Response('Forbidden: /metrics is served to loopback, or with METRICS_TOKEN', { status: 403 });
  return new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' } });
}

function mayRead(request: Request, token: string | null): boolean {
  const ip = request.headers.get(CLIENT_IP_HEADER);
  if (ip && LOOPBACK.test(ip)) return true;
  if (!token) return false;
  const sent = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
