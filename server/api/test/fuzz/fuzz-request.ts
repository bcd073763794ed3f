import type { CallerName } from './fuzz-world.ts';

/** One fuzzed HTTP request, as plain data so a failure can print it. */
export interface FuzzRequest {
  /** What it exercises: `Query.leases`, `Mutation.stopLease`, `POST /licensing/activate`, … */
  target: string;
  caller: CallerName;
  /** It may change data, so when it is refused the tables must be as before. */
  write: boolean;
  method: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What a response must never be: a 5xx, a masked or internal error, a stack trace, a cut-off stream. */
export function problemWith(status: number, text: string | null): string | null {
  if (text === null) return `the body could not be read (HTTP ${status})`;
  if (status >= 500) return `HTTP ${status}`;
  if (/Unexpected error\.|INTERNAL_SERVER_ERROR|Internal (server )?error/i.test(text)) return `an internal error in the body (HTTP ${status})`;
  if (/\bat [\w.<>]+ \([^)]*:\d+:\d+\)/.test(text)) return `a stack trace in the body (HTTP ${status})`;
  return null;
}

/** Whether a write was refused as a whole: errors and no root field done, a userError, an invalid license. */
export function refused(target: string, status: number, text: string): boolean {
  if (status !== 200) return true;
  let body: { data?: Record<string, unknown> | null; errors?: unknown[]; valid?: boolean };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return true;
  }
  if (!target.startsWith('Mutation.')) return body.valid === false;
  if (!body.data) return true;
  return Object.values(body.data).every((value) => {
    if (value === null || value === false) return true;
    const payload = value as { userErrors?: unknown[]; valid?: boolean };
    return (payload.userErrors?.length ?? 0) > 0 || payload.valid === false;
  });
}

/** A short, printable account of a request for a failure message. */
export function describeRequest(request: FuzzRequest): string {
  const clip = (text: string) => (text.length > 600 ? `${text.slice(0, 600)}… (${text.length} characters)` : text);
  return `${request.target} as ${request.caller}: ${request.method} ${clip(request.path)} ${request.body === undefined ? '' : clip(JSON.stringify(request.body))}`;
}

/** How a request ended, for the run's summary: done, refused with userErrors, GraphQL errors, or an HTTP 4xx. */
export function outcomeOf(status: number, text: string | null): 'done' | 'userErrors' | 'errors' | '4xx' {
  if (status >= 400 || text === null) return '4xx';
  if (/"errors":\[\{/.test(text)) return 'errors';
  if (/"userErrors":\[\{|"valid":false/.test(text)) return 'userErrors';
  return 'done';
}
