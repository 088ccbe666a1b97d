import { err, ok, type Result } from '../domain/result';
import type { PaymentError } from '../domain/payment-errors';
import { mapStripeError } from './stripe-errors';

export interface RateLimitRetryOptions {
  /** Retries after a 429 (so at most `retries + 1` attempts). Default 3. */
  retries?: number;
  /** Backoff before the first retry; doubles each time, then jittered to between half and all of it. Default 500. */
  baseDelayMs?: number;
  /** Upper bound of one backoff. Default 8000. */
  maxDelayMs?: number;
  /** Told about each retry before its backoff (for logs and metrics). */
  onRetry?: (info: { attempt: number; delayMs: number; error: PaymentError }) => void;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const DEFAULT_RATE_LIMIT_RETRIES = 3;
export const DEFAULT_RATE_LIMIT_BASE_DELAY_MS = 500;
export const DEFAULT_RATE_LIMIT_MAX_DELAY_MS = 8_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with "equal jitter": between half and all of `base * 2^retry`, capped. */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Runs a Stripe call, mapping whatever it throws to a PaymentError, and repeats it after a 429 with exponential
 * backoff and jitter, a bounded number of times. stripe-node already retries connection errors, timeouts, 409 and
 * 5xx itself (`maxNetworkRetries`), but not a 429 unless Stripe says `Stripe-Should-Retry: true`. The caller's
 * closure must send the same idempotency key each time. Nothing else is retried here: never a card decline or
 * another 4xx.
 */
export async function withRateLimitRetry<T>(
  call: () => Promise<T>,
  options: RateLimitRetryOptions = {},
): Promise<Result<T, PaymentError>> {
  const retries = Math.max(0, Math.floor(options.retries ?? DEFAULT_RATE_LIMIT_RETRIES));
  const baseDelayMs = Math.max(0, options.baseDelayMs ?? DEFAULT_RATE_LIMIT_BASE_DELAY_MS);
  const maxDelayMs = Math.max(baseDelayMs, options.maxDelayMs ?? DEFAULT_RATE_LIMIT_MAX_DELAY_MS);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  for (let attempt = 1; ; attempt += 1) {
    let error: PaymentError;
    try {
      return ok(await call());
    } catch (thrown) {
      error = mapStripeError(thrown);
    }
    if (error.kind !== 'rate_limited') return err(error);
    if (attempt > retries) {
      return err({ ...error, internalMessage: `${error.internalMessage} [gave up after ${attempt} attempts]` });
    }
    const delayMs = backoffDelay(attempt - 1, baseDelayMs, maxDelayMs, random);
    try {
      options.onRetry?.({ attempt, delayMs, error });
    } catch {
      // A logging hook must not change the outcome of a payment call.
    }
    await sleep(delayMs);
  }
}
