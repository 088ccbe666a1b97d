import { describe, expect, it } from 'vitest';
import { cancelRetryDelayMs, expireOrders, orderExpiredDedupeKey } from './expire-orders';
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
  const orderOf = (id: string) => store.state.orders.get(id)!;
  return { store, stripe, sweep, placed, outboxKinds, orderOf };
}

describe('expireOrders', () => {
  it('expires orders unpaid for the TTL once Stripe confirms it, cancels their PaymentIntent, tells the shopper once', async () => {
    const { store, stripe, sweep, placed, outboxKinds, orderOf } = setup();
    const pending = placed('pending');
    const failed = placed('failed');
    const paid = placed('paid');
    store.clock.advance(TTL - 1000);
    const young = placed('pending');
    store.clock.advance(2000);

    expect(await sweep()).toEqual({ expired: 2, canceled: 2, waiting: 0, paidAfterExpiry: 0 });
    for (const { order, intent } of [pending, failed]) {
      expect(orderOf(order.id)).toMatchObject({ status: 'expired', cancelPaymentIntentAt: null });
      expect(stripe.intents.get(intent.id)?.status).toBe('canceled');
      expect(store.state.outbox.get(orderExpiredDedupeKey(order.id))).toMatchObject({ kind: 'order.expired' });
    }
    // Stripe was asked before each order expired, then told to cancel.
    expect(stripe.callsOf('retrievePaymentIntent').map((call) => call.input)).toEqual([
      pending.intent.id,
      failed.intent.id,
    ]);
    expect(stripe.callsOf('cancelPaymentIntent').map((call) => call.input)).toEqual([
      expect.objectContaining({ paymentIntentId: pending.intent.id, reason: 'abandoned' }),
      expect.objectContaining({ paymentIntentId: failed.intent.id, reason: 'abandoned' }),
    ]);
    expect(orderOf(paid.order.id).status).toBe('paid');
    expect(orderOf(young.order.id).status).toBe('pending');
    // The payment mirrors Stripe's cancellation; the order stays expired.
    expect([...store.state.payments.values()].find((p) => p.paymentIntentId === pending.intent.id)?.status).toBe(
      'canceled',
    );

    expect(await sweep()).toEqual({ expired: 0, canceled: 0, waiting: 0, paidAfterExpiry: 0 });
    expect(outboxKinds()).toEqual(['order.expired', 'order.expired']);
  });

  it('counts the TTL from the order’s last change, not from when it was placed', async () => {
    const { store, sweep, placed, orderOf } = setup();
    const { order } = placed('pending');
    store.clock.advance(TTL - HOUR);
    // A failed bank debit an hour before the TTL: the shopper was just asked to pay again.
    orderOf(order.id).status = 'failed';
    orderOf(order.id).updatedAt = store.clock.now();
    store.clock.advance(2 * HOUR);
    expect(await sweep()).toMatchObject({ expired: 0 });
    store.clock.advance(TTL);
    expect(await sweep()).toMatchObject({ expired: 1 });
  });

  it('expires an order that never got its PaymentIntent without calling Stripe', async () => {
    const { store, stripe, sweep, outboxKinds, orderOf } = setup();
    const order = store.addOrder({ amount: 900 });
    store.clock.advance(TTL + 1);
    expect(await sweep()).toMatchObject({ expired: 1, canceled: 0 });
    expect(orderOf(order.id)).toMatchObject({ status: 'expired', cancelPaymentIntentAt: null });
    expect(stripe.calls).toEqual([]);
    expect(outboxKinds()).toEqual(['order.expired']);
  });

  it('never expires an order whose payment succeeded, is processing or is authorised at Stripe (a late webhook)', async () => {
    const { store, stripe, sweep, placed, outboxKinds, orderOf } = setup();
    const succeeded = placed();
    const processing = placed();
    const authorised = placed();
    stripe.setIntent(succeeded.intent.id, { status: 'succeeded', amountReceived: 2400 });
    stripe.setIntent(processing.intent.id, { status: 'processing' });
    stripe.setIntent(authorised.intent.id, { status: 'requires_capture' });
    store.clock.advance(TTL + 1);

    expect(await sweep()).toEqual({ expired: 0, canceled: 0, waiting: 0, paidAfterExpiry: 0 });
    expect(orderOf(succeeded.order.id).status).toBe('paid');
    expect(orderOf(processing.order.id).status).toBe('processing');
    expect(orderOf(authorised.order.id).status).toBe('authorized');
    expect(stripe.callsOf('cancelPaymentIntent')).toEqual([]);
    expect(store.state.anomalies).toEqual([]);
    // Paid, and authorised (manual capture): both are confirmed to the shopper.
    expect(outboxKinds()).toEqual(['order.paid', 'order.paid']);
  });

  it('leaves an order as it is while Stripe cannot be asked about it', async () => {
    const { store, stripe, sweep, placed, orderOf } = setup();
    const { order } = placed();
    store.clock.advance(TTL + 1);
    stripe.failNext('retrievePaymentIntent', stripeDown());
    expect(await sweep()).toEqual({ expired: 0, canceled: 0, waiting: 1, paidAfterExpiry: 0 });
    expect(orderOf(order.id).status).toBe('pending');
    expect(await sweep()).toMatchObject({ expired: 1, canceled: 1 });
  });

  it('tries a cancellation Stripe could not take again later, each wait twice the last, and tells the shopper after', async () => {
    const { store, stripe, sweep, placed, outboxKinds, orderOf } = setup();
    const { order, intent } = placed();
    store.clock.advance(TTL + 1);
    stripe.failNext('cancelPaymentIntent', stripeDown(), 2);
    expect(await sweep()).toEqual({ expired: 1, canceled: 0, waiting: 1, paidAfterExpiry: 0 });
    expect(orderOf(order.id)).toMatchObject({ status: 'expired', cancelAttempts: 1 });
    expect(outboxKinds()).toEqual([]);

    // Not before its time: a minute after the first try, then two after the second.
    expect(await sweep()).toEqual({ expired: 0, canceled: 0, waiting: 0, paidAfterExpiry: 0 });
    store.clock.advance(cancelRetryDelayMs(0));
    expect(await sweep()).toMatchObject({ waiting: 1 });
    store.clock.advance(cancelRetryDelayMs(1) - 1);
    expect(await sweep()).toMatchObject({ canceled: 0 });
    store.clock.advance(1);
    expect(await sweep()).toMatchObject({ canceled: 1 });
    expect(stripe.intents.get(intent.id)?.status).toBe('canceled');
    expect(orderOf(order.id).cancelPaymentIntentAt).toBeNull();
    expect(outboxKinds()).toEqual(['order.expired']);
    // A key per try, so a failure Stripe saved under one is not replayed.
    const keys = stripe
      .callsOf('cancelPaymentIntent')
      .map((call) => (call.input as { idempotencyKey: string }).idempotencyKey);
    expect(keys).toEqual([1, 2, 3].map((n) => `order-${order.id}-expiry-cancel-${n}`));
    expect([cancelRetryDelayMs(0), cancelRetryDelayMs(3), cancelRetryDelayMs(30)]).toEqual([60_000, 480_000, 6 * HOUR]);
  });

  it('pays an expired order whose payment succeeded anyway, flags it for staff, and sends no expiry email', async () => {
    const { store, stripe, sweep, placed, outboxKinds, orderOf } = setup();
    const { order, intent } = placed();
    store.clock.advance(TTL + 1);
    stripe.failNext('cancelPaymentIntent', stripeDown());
    await sweep();
    // The shopper pays in a tab left open while the cancellation could not reach Stripe.
    stripe.setIntent(intent.id, { status: 'succeeded', amountReceived: 2400 });
    store.clock.advance(cancelRetryDelayMs(0));

    expect(await sweep()).toEqual({ expired: 0, canceled: 0, waiting: 0, paidAfterExpiry: 1 });
    expect(orderOf(order.id)).toMatchObject({ status: 'paid', cancelPaymentIntentAt: null });
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

  it('waits on a payment that started processing after the order expired', async () => {
    const { store, stripe, sweep, placed, orderOf } = setup();
    const { order, intent } = placed();
    store.clock.advance(TTL + 1);
    stripe.failNext('cancelPaymentIntent', stripeDown());
    await sweep();
    stripe.setIntent(intent.id, { status: 'processing' });
    store.clock.advance(cancelRetryDelayMs(0));
    expect(await sweep()).toMatchObject({ waiting: 1 });
    expect(orderOf(order.id)).toMatchObject({ status: 'expired', cancelAttempts: 2 });
    expect(store.state.outbox.size).toBe(0);
  });

  it('goes on with the other orders when one fails', async () => {
    const { store, stripe, sweep, placed, orderOf } = setup();
    const broken = placed();
    const fine = placed();
    store.clock.advance(TTL + 1);
    const retrieve = stripe.gateway.retrievePaymentIntent.bind(stripe.gateway);
    stripe.gateway.retrievePaymentIntent = async (id) => {
      if (id === broken.intent.id) throw new Error('a bug');
      return retrieve(id);
    };
    expect(await sweep()).toMatchObject({ expired: 1, waiting: 1 });
    expect(orderOf(broken.order.id).status).toBe('pending');
    expect(orderOf(fine.order.id).status).toBe('expired');
  });
});
