import { describe, expect, it } from 'vitest';
import { expireOrders, orderExpiredDedupeKey } from './expire-orders';
import { fakeGateway, stripeDown } from './testing/fake-gateway';
import { inMemoryStore } from './testing/in-memory-store';
import { silentLogger } from './ports';

const HOUR = 3600_000;
const TTL = 24 * HOUR;

function setup() {
  const store = inMemoryStore();
  const stripe = fakeGateway();
  const sweep = () =>
    expireOrders({
      orders: store.orders,
      paymentTransactions: store.paymentTransactions,
      gateway: stripe.gateway,
      clock: store.clock,
      log: silentLogger,
      ttlMs: TTL,
    });
  /** An order placed now with its PaymentIntent at Stripe, as checkout leaves it. */
  function placed(status: 'pending' | 'failed' | 'requires_action' | 'paid' = 'pending') {
    const order = store.addOrder({ amount: 2400, status });
    const intent = stripe.setIntent(`pi_${order.id.slice(0, 8)}`, { amount: 2400, metadata: { order_id: order.id } });
    order.paymentIntentId = intent.id;
    store.addPayment({ orderId: order.id, paymentIntentId: intent.id, amount: 2400 });
    return { order, intent };
  }
  const outboxKinds = () => [...store.state.outbox.values()].map((message) => message.kind);
  return { store, stripe, sweep, placed, outboxKinds };
}

describe('expireOrders', () => {
  it('expires unpaid orders older than the TTL, cancels their PaymentIntent, and tells the shopper once', async () => {
    const { store, stripe, sweep, placed, outboxKinds } = setup();
    const pending = placed('pending');
    const failed = placed('failed');
    const paid = placed('paid');
    store.clock.advance(TTL - 1000);
    const young = placed('pending');
    store.clock.advance(2000);

    expect(await sweep()).toEqual({ expired: 2, canceled: 2, waiting: 0, paidAfterExpiry: 0 });
    for (const { order, intent } of [pending, failed]) {
      expect(store.state.orders.get(order.id)).toMatchObject({ status: 'expired', paymentCancelPending: false });
      expect(stripe.intents.get(intent.id)?.status).toBe('canceled');
      expect(store.state.outbox.get(orderExpiredDedupeKey(order.id))).toMatchObject({ kind: 'order.expired' });
    }
    expect(stripe.callsOf('cancelPaymentIntent').map((call) => call.input)).toEqual([
      expect.objectContaining({ paymentIntentId: pending.intent.id, reason: 'abandoned' }),
      expect.objectContaining({ paymentIntentId: failed.intent.id, reason: 'abandoned' }),
    ]);
    expect(store.state.orders.get(paid.order.id)?.status).toBe('paid');
    expect(store.state.orders.get(young.order.id)?.status).toBe('pending');
    // The payment mirrors Stripe's cancellation; the order stays expired.
    expect([...store.state.payments.values()].find((p) => p.paymentIntentId === pending.intent.id)?.status).toBe(
      'canceled',
    );

    expect(await sweep()).toEqual({ expired: 0, canceled: 0, waiting: 0, paidAfterExpiry: 0 });
    expect(outboxKinds()).toEqual(['order.expired', 'order.expired']);
  });

  it('expires an order that never got its PaymentIntent without calling Stripe', async () => {
    const { store, stripe, sweep, outboxKinds } = setup();
    const order = store.addOrder({ amount: 900 });
    store.clock.advance(TTL + 1);
    expect(await sweep()).toMatchObject({ expired: 1, canceled: 0 });
    expect(store.state.orders.get(order.id)).toMatchObject({ status: 'expired', paymentCancelPending: false });
    expect(stripe.calls).toEqual([]);
    expect(outboxKinds()).toEqual(['order.expired']);
  });

  it('keeps trying to cancel while Stripe is unreachable, and tells the shopper only once it is canceled', async () => {
    const { store, stripe, sweep, placed, outboxKinds } = setup();
    const { order, intent } = placed();
    store.clock.advance(TTL + 1);
    stripe.failNext('cancelPaymentIntent', stripeDown());
    expect(await sweep()).toEqual({ expired: 1, canceled: 0, waiting: 1, paidAfterExpiry: 0 });
    expect(store.state.orders.get(order.id)).toMatchObject({ status: 'expired', paymentCancelPending: true });
    expect(outboxKinds()).toEqual([]);

    store.clock.advance(60_000);
    expect(await sweep()).toEqual({ expired: 0, canceled: 1, waiting: 0, paidAfterExpiry: 0 });
    expect(stripe.intents.get(intent.id)?.status).toBe('canceled');
    expect(store.state.orders.get(order.id)?.paymentCancelPending).toBe(false);
    expect(outboxKinds()).toEqual(['order.expired']);
    // A new key each minute, so a failure Stripe saved under the first is not replayed.
    const keys = stripe
      .callsOf('cancelPaymentIntent')
      .map((call) => (call.input as { idempotencyKey: string }).idempotencyKey);
    expect(new Set(keys).size).toBe(2);
  });

  it('pays an expired order whose payment succeeded anyway, flags it for staff, and sends no expiry email', async () => {
    const { store, stripe, sweep, placed, outboxKinds } = setup();
    const { order, intent } = placed();
    store.clock.advance(TTL + 1);
    stripe.failNext('cancelPaymentIntent', stripeDown());
    await sweep();
    // The shopper pays in a tab left open while the cancellation could not reach Stripe.
    stripe.setIntent(intent.id, { status: 'succeeded', amountReceived: 2400 });

    expect(await sweep()).toEqual({ expired: 0, canceled: 0, waiting: 0, paidAfterExpiry: 1 });
    expect(store.state.orders.get(order.id)).toMatchObject({ status: 'paid', paymentCancelPending: false });
    expect(store.state.anomalies).toEqual([
      expect.objectContaining({
        kind: 'paid_after_expiry',
        orderId: order.id,
        paymentIntentId: intent.id,
        source: 'expiry',
        expected: 'expired',
        actual: 'paid',
      }),
    ]);
    expect(outboxKinds()).toEqual(['order.paid']);
  });

  it('waits on a payment that is processing: the order stays expired and pending cancellation', async () => {
    const { store, stripe, sweep, placed } = setup();
    const { order, intent } = placed();
    stripe.setIntent(intent.id, { status: 'processing' });
    store.clock.advance(TTL + 1);
    expect(await sweep()).toEqual({ expired: 1, canceled: 0, waiting: 1, paidAfterExpiry: 0 });
    expect(store.state.orders.get(order.id)).toMatchObject({ status: 'expired', paymentCancelPending: true });
    expect(store.state.outbox.size).toBe(0);
  });
});
