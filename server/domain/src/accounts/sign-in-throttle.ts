import { createHash } from 'node:crypto';
import { backoffDelayMs, type Backoff, type Bucket, type RateLimitStore } from '../rate-limit/rate-limit-store.ts';

/**
 * Per email and source IP: 5 attempts at once, then each next one waits 1 s, 2 s, 4 s … up to 15 minutes
 * after the one before; counted attempts are forgotten after an hour without one, or at a successful sign-in.
 */
export const SIGN_IN_BACKOFF: Backoff = { free: 5, baseMs: 1_000, capMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

/** Per source IP, whatever the email: 100 attempts at once, then 12 a minute (an office behind one address signs in freely). */
export const SIGN_IN_PER_IP: Bucket = { capacity: 100, refillPerSecond: 0.2 };

export interface SignInWindow {
  allowed: boolean;
  /** Attempts counted on this email from this IP, this one included. */
  attempts: number;
  retryAfterSeconds: number;
}

/** The counter's key: the email is hashed so the store never holds addresses typed by strangers. */
export function signInKey(email: string, ip: string | null): string {
  return `signin:${createHash('sha256').update(email).digest('base64url')}:${ip ?? 'unknown'}`;
}

/**
 * Counts a sign-in attempt unless this IP, or this email from this IP, must wait. Unknown and real emails are
 * counted alike, so the throttle tells nothing about which logins exist; another IP is never held back.
 */
export async function takeSignInAttempt(store: RateLimitStore, email: string, ip: string | null, nowMs: number): Promise<SignInWindow> {
  const perIp = await store.take(`signin-ip:${ip ?? 'unknown'}`, 1, SIGN_IN_PER_IP, nowMs);
  if (!perIp.allowed) return { allowed: false, attempts: 0, retryAfterSeconds: perIp.retryAfterSeconds };
  const attempt = await store.attempt(signInKey(email, ip), SIGN_IN_BACKOFF, nowMs);
  return { allowed: attempt.allowed, attempts: attempt.attempts, retryAfterSeconds: Math.ceil(attempt.retryAfterMs / 1000) };
}

/** A successful sign-in forgets the email's attempts from this IP; answers how many there were before it. */
export async function resetSignInAttempts(store: RateLimitStore, email: string, ip: string | null): Promise<number> {
  return Math.max(0, (await store.clear(signInKey(email, ip))) - 1);
}

/** When the next attempt is allowed after `attempts` failed ones, the last at `at`. */
export function backoffUntil(at: Date, attempts: number): Date {
  return new Date(at.getTime() + backoffDelayMs(attempts, SIGN_IN_BACKOFF));
}
