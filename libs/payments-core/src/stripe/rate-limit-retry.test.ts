import Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { backoffDelay, withRateLimitRetry } from './rate-limit-retry';

const rateLimit = () => new Stripe.errors.StripeRateLimitError({ type: 'invalid_request_error', statusCode: 429 });

/** A call that fails with each given error in turn, then succeeds. */
function failing(...failures: unknown[]) {
  return vi.fn(async () => {
    const next = failures.shift();
    if (next !== undefined) throw next;
    return 'done';
  });
}

describe('withRateLimitRetry', () => {
  it('retries a 429 with growing, jittered backoff and then succeeds', async () => {
    const sleeps: number[] = [];
    const retried: number[] = [];
    const call = failing(rateLimit(), rateLimit());
    const result = await withRateLimitRetry(call, {
      baseDelayMs: 100,
      random: () => 1,
      sleep: async (ms) => void sleeps.push(ms),
      onRetry: ({ attempt }) => retried.push(attempt),
    });
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(call).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([100, 200]);
    expect(retried).toEqual([1, 2]);
  });

  it('gives up after the configured number of retries (default 3) with rate_limited', async () => {
    const call = failing(rateLimit(), rateLimit(), rateLimit(), rateLimit(), rateLimit());
    const result = await withRateLimitRetry(call, { sleep: async () => {} });
    expect(call).toHaveBeenCalledTimes(4);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('rate_limited');
    expect(result.error.internalMessage).toContain('gave up after 4 attempts');

    const once = failing(rateLimit(), rateLimit());
    expect(await withRateLimitRetry(once, { retries: 0, sleep: async () => {} })).toMatchObject({ ok: false });
    expect(once).toHaveBeenCalledTimes(1);
  });

  it.each([
    [
      'a card decline',
      new Stripe.errors.StripeCardError({ type: 'card_error', code: 'card_declined', statusCode: 402 }),
    ],
    [
      'an invalid request',
      new Stripe.errors.StripeInvalidRequestError({ type: 'invalid_request_error', statusCode: 400 }),
    ],
    ['a bad key', new Stripe.errors.StripeAuthenticationError({ statusCode: 401 })],
    [
      'a 5xx (stripe-node already retried it)',
      new Stripe.errors.StripeAPIError({ type: 'api_error', statusCode: 500 }),
    ],
    ['a non-Stripe throw', new RangeError('boom')],
  ])('never retries %s', async (_name, error) => {
    const sleep = vi.fn(async () => {});
    const call = failing(error);
    const result = await withRateLimitRetry(call, { sleep });
    expect(call).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
    expect(result.ok).toBe(false);
  });

  it('is not derailed by a throwing onRetry hook', async () => {
    const result = await withRateLimitRetry(failing(rateLimit()), {
      sleep: async () => {},
      onRetry: () => {
        throw new Error('logger down');
      },
    });
    expect(result).toEqual({ ok: true, value: 'done' });
  });
});

describe('backoffDelay', () => {
  it('doubles from the base, jitters between half and all of it, and is capped', () => {
    expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, 500, 8000, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2].map((retry) => backoffDelay(retry, 500, 8000, () => 0))).toEqual([250, 500, 1000]);
    expect(backoffDelay(10, 500, 8000, () => 1)).toBe(8000);
  });
});
