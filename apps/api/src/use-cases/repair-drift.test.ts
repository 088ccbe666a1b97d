import { describe, expect, it } from 'vitest';
import { silentLogger } from './ports';
import { repairDrift } from './repair-drift';
import { fakeGateway, stripeDown } from './testing/fake-gateway';
import { inMemoryStore } from './testing/in-memory-store';

function setup() {
  const store = inMemoryStore();
  const stripe = fakeGateway();
  const ports = {
    paymentDrift: store.paymentDrift,
    paymentTransactions: store.paymentTransactions,
    gateway: stripe.gateway,
    log: silentLogger,
  };
  const since = new Date(store.clock.now().getTime() - 86_400_000);
  return { store, stripe, check: () => repairDrift(ports, since) };
}

describe('repairDrift', () => {
  it('repairs a payment Stripe has as paid that our mirror lost, paying the order once, and reports it', async () => {
    const { store, stripe, check } = setup();
    const order = store.addOrder({ amount: 6000 });
    store.addPayment({ orderId: order.id, paymentIntentId: 'pi_lost', amount: 6000 });
    stripe.setIntent('pi_lost', { status: 'succeeded', amount: 6000, amountReceived: 6000 });
    expect(await check()).toEqual([
      {
        paymentIntentId: 'pi_lost',
        field: 'status',
        ours: 'requires_payment_method',
        stripe: 'succeeded',
        repaired: true,
      },
      { paymentIntentId: 'pi_lost', field: 'amount_received', ours: 0, stripe: 6000, repaired: true },
    ]);
    expect(store.state.orders.get(order.id)?.status).toBe('paid');
    expect(store.state.outbox.size).toBe(1);
    expect(await check()).toEqual([]);
  });

  it('records a refund made in the Stripe Dashboard with source stripe, and settles the order', async () => {
    const { store, stripe, check } = setup();
    const { order, payment } = store.paidOrder({ amount: 5000 });
    stripe.setIntent(payment.paymentIntentId, { status: 'succeeded', amount: 5000, amountReceived: 5000 });
    stripe.refunds.push({
      stripeRefundId: 're_dashboard',
      paymentIntentId: payment.paymentIntentId,
      chargeId: null,
      ourRefundId: null,
      amount: 2000,
      currency: 'usd',
      status: 'succeeded',
      reason: null,
      failureReason: null,
    });
    const drift = await check();
    expect(drift).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'refund_missing', objectId: 're_dashboard', repaired: true }),
        expect.objectContaining({ field: 'amount_refunded', ours: 0, stripe: 2000, repaired: true }),
      ]),
    );
    expect([...store.state.refunds.values()]).toMatchObject([{ stripeRefundId: 're_dashboard', source: 'stripe' }]);
    expect(store.state.orders.get(order.id)).toMatchObject({ status: 'partially_refunded', amountRefunded: 2000 });
  });

  it('reports a PaymentIntent it cannot read, and leaves alone a payment whose events still wait in the inbox', async () => {
    const { store, stripe, check } = setup();
    const { payment } = store.paidOrder();
    stripe.failNext('retrievePaymentIntent', stripeDown());
    expect(await check()).toEqual([
      {
        paymentIntentId: payment.paymentIntentId,
        field: 'unreadable',
        ours: 'succeeded',
        stripe: 'stripe_unavailable',
        repaired: false,
      },
    ]);
    await store.webhookInbox.insert({
      stripeEventId: 'evt_waiting',
      type: 'payment_intent.succeeded',
      apiVersion: null,
      livemode: false,
      objectId: payment.paymentIntentId,
      paymentIntentId: payment.paymentIntentId,
      stripeCreatedAt: store.clock.now(),
      payload: {},
      source: 'webhook',
      status: 'received',
    });
    expect(await check()).toEqual([]);
    expect(stripe.callsOf('retrievePaymentIntent')).toHaveLength(1);
  });
});
