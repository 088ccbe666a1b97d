import { describe, expect, it } from 'vitest';
import {
  buildBurst,
  expectedFinalState,
  paymentSequence,
  percentile,
  seededRandom,
  shuffle,
  type BenchPayment,
} from './webhook-events';

const payment = (i: number): BenchPayment => ({
  orderId: `order_${i}`,
  paymentIntentId: `pi_${i}`,
  chargeId: `ch_${i}`,
});

const ids = () => {
  let n = 0;
  return () => `evt_${String(n++).padStart(6, '0')}`;
};

describe('burst event generation', () => {
  it('builds a payment sequence ending as asked, in Stripe order', () => {
    const succeeded = paymentSequence(payment(1), 'succeeded', 9, 1000, ids());
    expect(succeeded).toHaveLength(9);
    expect(succeeded.slice(-3).map((e) => e.type)).toEqual([
      'payment_intent.processing',
      'payment_intent.succeeded',
      'charge.succeeded',
    ]);
    expect(succeeded[0]!.type).toBe('payment_intent.requires_action');
    // payment_intent.succeeded and charge.succeeded share a second; otherwise each event is a second later
    expect(succeeded.at(-1)!.created).toBe(succeeded.at(-2)!.created);
    expect(succeeded.at(-3)!.created).toBeLessThan(succeeded.at(-2)!.created);

    const failed = paymentSequence(payment(2), 'failed', 9, 1000, ids());
    expect(failed).toHaveLength(9);
    expect(failed.at(-1)!.type).toBe('payment_intent.payment_failed');
    // an odd count starts with a declined attempt (no 3-D Secure), so the attempts still end on payment_failed
    expect(failed[0]!.type).toBe('payment_intent.payment_failed');
    expect(failed[1]!.type).toBe('payment_intent.requires_action');

    const canceled = paymentSequence(payment(3), 'canceled', 2, 1000, ids());
    expect(canceled.map((e) => e.type)).toEqual(['payment_intent.requires_action', 'payment_intent.canceled']);
    expect(canceled[1]!.data.object).toMatchObject({
      id: 'pi_3',
      status: 'canceled',
      metadata: { order_id: 'order_3' },
    });
  });

  it('builds 10,000 deliveries for 1,000 payments with 10% duplicates, shuffled', () => {
    const burst = buildBurst({
      totalEvents: 10_000,
      paymentCount: 1_000,
      duplicateShare: 0.1,
      seed: 7,
      startSeconds: 1_790_000_000,
      payment,
      eventId: ids(),
    });
    expect(burst.deliveries).toHaveLength(10_000);
    expect(burst.duplicates).toBe(1_000);
    expect(burst.distinctEvents).toBe(9_000);
    expect(new Set(burst.deliveries.map((e) => e.id)).size).toBe(9_000);
    expect(burst.ordered.size).toBe(1_000);
    // shuffled: the deliveries are not in generation order
    const generated = [...burst.ordered.values()].flat().map((e) => e.id);
    expect(burst.deliveries.slice(0, 50).map((e) => e.id)).not.toEqual(generated.slice(0, 50));
  });

  it('shuffles deterministically for a seed', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(shuffle(items, seededRandom(1))).toEqual(shuffle(items, seededRandom(1)));
    expect([...shuffle(items, seededRandom(1))].sort((a, b) => a - b)).toEqual(items);
  });
});

describe('expected final state of an ordered replay', () => {
  it('pays the order of a succeeded sequence, records the card and one fulfilment', () => {
    expect(expectedFinalState(paymentSequence(payment(1), 'succeeded', 7, 1000, ids()))).toEqual({
      paymentStatus: 'succeeded',
      orderStatus: 'paid',
      cardLast4: '4242',
      fulfilments: 1,
    });
  });

  it('fails or cancels the order', () => {
    expect(expectedFinalState(paymentSequence(payment(2), 'failed', 6, 1000, ids()))).toMatchObject({
      paymentStatus: 'requires_payment_method',
      orderStatus: 'failed',
      cardLast4: null,
      fulfilments: 0,
    });
    expect(expectedFinalState(paymentSequence(payment(3), 'canceled', 5, 1000, ids()))).toMatchObject({
      paymentStatus: 'canceled',
      orderStatus: 'canceled',
    });
  });

  it('follows the monotonic guard: a late payment_failed after succeeded changes nothing', () => {
    const events = paymentSequence(payment(4), 'succeeded', 4, 1000, ids());
    const late = paymentSequence(payment(4), 'failed', 2, 2000, () => 'evt_late');
    expect(expectedFinalState([...events, late[1]!])).toMatchObject({
      paymentStatus: 'succeeded',
      orderStatus: 'paid',
    });
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([], 50)).toBeNaN();
  });
});
