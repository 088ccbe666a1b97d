import { describe, expect, it } from 'vitest';
import type { PaymentIntentStatus } from '../domain/payment-status';
import { compareEventPositions, eventPosition, isNewerEvent, type EventPosition } from './event-ordering';
import { failureOutcome, retryDelayMs } from './retry-policy';
import { permutations } from '../testing';

const at = (status: PaymentIntentStatus, seconds: number, id: string) => eventPosition(status, seconds * 1000, id);

/** Applies positions in the given order as the payment does: keep the greatest one seen. */
function finalPosition(positions: EventPosition[]): EventPosition | null {
  let last: EventPosition | null = null;
  for (const position of positions) if (isNewerEvent(position, last)) last = position;
  return last;
}

describe('the monotonic event guard', () => {
  it('applies the first event, and a later one', () => {
    expect(isNewerEvent(at('requires_action', 10, 'evt_a'), null)).toBe(true);
    expect(isNewerEvent(at('requires_payment_method', 11, 'evt_b'), at('requires_action', 10, 'evt_a'))).toBe(true);
  });

  it('treats a repeated event as a no-op', () => {
    expect(isNewerEvent(at('succeeded', 10, 'evt_a'), at('succeeded', 10, 'evt_a'))).toBe(false);
  });

  it('never lets a late payment_failed regress a succeeded payment, even when Stripe created it later', () => {
    const succeeded = at('succeeded', 10, 'evt_s');
    expect(isNewerEvent(at('requires_payment_method', 9, 'evt_f'), succeeded)).toBe(false);
    expect(isNewerEvent(at('requires_payment_method', 10, 'evt_z'), succeeded)).toBe(false);
    expect(isNewerEvent(at('requires_payment_method', 11, 'evt_f'), succeeded)).toBe(false);
  });

  it('breaks a tie in the same second by the status further along, then by event id', () => {
    expect(isNewerEvent(at('processing', 10, 'evt_a'), at('requires_action', 10, 'evt_z'))).toBe(true);
    expect(isNewerEvent(at('requires_action', 10, 'evt_z'), at('processing', 10, 'evt_a'))).toBe(false);
    expect(compareEventPositions(at('canceled', 10, 'evt_a'), at('succeeded', 10, 'evt_b'))).toBeLessThan(0);
    expect(compareEventPositions(at('processing', 10, 'evt_b'), at('processing', 10, 'evt_a'))).toBeGreaterThan(0);
  });

  it('ends at the same position for every arrival order', () => {
    const events = [
      at('requires_action', 10, 'evt_1'),
      at('requires_payment_method', 10, 'evt_2'),
      at('processing', 11, 'evt_3'),
      at('succeeded', 11, 'evt_4'),
      at('requires_payment_method', 12, 'evt_5'),
    ];
    const expected = finalPosition(events);
    expect(expected?.eventId).toBe('evt_4');
    for (const order of permutations(events)) expect(finalPosition(order)).toEqual(expected);
  });
});

describe('the retry policy', () => {
  const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000 };

  it('backs off exponentially with jitter in [half, full], capped', () => {
    expect(retryDelayMs(1, policy, () => 0)).toBe(500);
    expect(retryDelayMs(1, policy, () => 0.999_999)).toBe(1000);
    expect(retryDelayMs(3, policy, () => 0)).toBe(2000);
    expect(retryDelayMs(10, policy, () => 0.999_999)).toBe(5000);
  });

  it('is dead after the last attempt', () => {
    expect(failureOutcome(3, policy, () => 0.5)).toEqual({ status: 'failed', retryInMs: 3000 });
    expect(failureOutcome(4, policy)).toEqual({ status: 'dead' });
  });
});
