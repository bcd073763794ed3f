import { DAY_MS, MINUTE_MS } from './lease-plan.ts';
import type { Random } from './random.ts';

export interface ActivationPlan {
  serverName: string;
  ip: string;
  fingerprint: string;
  firstSeenMs: number;
  lastSeenMs: number;
  supersededMs: number | null;
  deactivatedMs: number | null;
}

export interface ServerNaming {
  /** mail, helpdesk or stats. */
  hostPrefix: string;
  /** The partner's servers: mail01.northwind-hosting.net … */
  partnerDomain: string;
  /** How many servers of a kind the partner runs. */
  partnerPoolSize: number;
  /** The customer's domain, for customers who run the software themselves. */
  customerDomain: string;
}

const NEVER_ACTIVATED = 0.05;
const NEVER_ACTIVATED_WHEN_NEW = 0.5;
const CUSTOMER_HOSTED = 0.3;
const SHOUTED_NAME = 0.1;
const MOVED = 0.06;
/** Active leases whose server last reported 30 or more days ago (the idle report lists them). */
const IDLE = 0.07;
const QUIET = 0.08;

const minutes = (count: number) => count * MINUTE_MS;
const floorToMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;

function serverName(random: Random, naming: ServerNaming): string {
  if (random.chance(CUSTOMER_HOSTED)) return `${naming.hostPrefix}.${naming.customerDomain}`;
  const number = String(random.int(1, naming.partnerPoolSize)).padStart(2, '0');
  const name = `${naming.hostPrefix}${number}.${naming.partnerDomain}`;
  if (!random.chance(SHOUTED_NAME)) return name;
  const [host, ...domain] = name.split('.');
  return [host!.toUpperCase(), ...domain.map((part) => part.charAt(0).toUpperCase() + part.slice(1))].join('.');
}

function ip(random: Random): string {
  return `${random.chance(0.5) ? '203.0.113' : '198.51.100'}.${random.int(1, 254)}`;
}

function activation(random: Random, naming: ServerNaming, firstSeenMs: number): ActivationPlan {
  return {
    serverName: serverName(random, naming),
    ip: ip(random),
    fingerprint: random.hex(32),
    firstSeenMs,
    lastSeenMs: firstSeenMs,
    supersededMs: null,
    deactivatedMs: null,
  };
}

/**
 * Where a lease's key was activated, oldest first: usually one server soon after the start; sometimes a
 * move to another server (the old activation superseded); sometimes never activated; some active leases
 * not seen for 30+ days. A stopped lease's last activation is deactivated at the stop.
 */
export function planActivations(
  random: Random,
  lease: { startedMs: number; stoppedMs: number | null },
  nowMs: number,
  naming: ServerNaming,
): ActivationPlan[] {
  const endMs = lease.stoppedMs ?? nowMs;
  const lifeMs = endMs - lease.startedMs;
  if (lifeMs < minutes(2)) return [];
  if (random.chance(lifeMs < 3 * DAY_MS ? NEVER_ACTIVATED_WHEN_NEW : NEVER_ACTIVATED)) return [];

  const delayMs = Math.min(minutes(random.int(5, 2880)), floorToMinute(lifeMs / 2));
  const first = activation(random, naming, lease.startedMs + delayMs);
  const activations = [first];
  let latest = first;
  if (endMs - first.firstSeenMs > 30 * DAY_MS && random.chance(MOVED)) {
    const movedMs = floorToMinute(first.firstSeenMs + 7 * DAY_MS + random.next() * (endMs - first.firstSeenMs - 14 * DAY_MS));
    first.supersededMs = movedMs;
    first.lastSeenMs = Math.min(movedMs + minutes(random.int(0, 4320)), endMs);
    latest = activation(random, naming, movedMs);
    activations.push(latest);
  }

  if (lease.stoppedMs !== null) {
    latest.lastSeenMs = Math.max(latest.firstSeenMs, lease.stoppedMs - minutes(random.int(0, 360)));
    latest.deactivatedMs = lease.stoppedMs;
  } else {
    const sinceFirstMs = nowMs - latest.firstSeenMs;
    const draw = random.next();
    let quietMs = minutes(random.int(0, 720));
    if (draw < IDLE && sinceFirstMs > 31 * DAY_MS) {
      quietMs = minutes(random.int(30 * 1440 + 1, Math.min(120 * 1440, Math.floor(sinceFirstMs / MINUTE_MS))));
    } else if (draw < IDLE + QUIET) {
      quietMs = minutes(random.int(1440, 29 * 1440));
    }
    latest.lastSeenMs = Math.max(latest.firstSeenMs, nowMs - quietMs);
  }
  if (first !== latest) first.lastSeenMs = Math.min(first.lastSeenMs, Math.max(latest.lastSeenMs, first.firstSeenMs));
  return activations;
}
