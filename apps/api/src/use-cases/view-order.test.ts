import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from './ports';
import { fakeGateway, stripeDown } from './testing/fake-gateway';
import { inMemoryStore } from './testing/in-memory-store';
import { viewOrder } from './view-order';

function setup() {
  const store = inMemoryStore();
  const stripe = fakeGateway();
  const log = { ...silentLogger, warn: vi.fn() };
  const order = store.addOrder({ amount: 3400, status: 'pending' });
  const payment = store.addPayment({ orderId: order.id, paymentIntentId: 'pi_view', amount: 3400 });
  const ports = { orders: store.orders, gateway: stripe.gateway, paymentTransactions: store.paymentTransactions, log };
  return { store, stripe, log, order, payment, view: () => viewOrder(ports, order.id) };
}

describe('viewOrder', () => {
  it('answers not found for an unknown or malformed id', async () => {
    const { store, stripe, log } = setup();
    const ports = {
      orders: store.orders,
      gateway: stripe.gateway,
      paymentTransactions: store.paymentTransactions,
      log,
    };
    expect(await viewOrder(ports, '00000000-0000-4000-8000-000000000000')).toEqual({
      ok: false,
      error: { kind: 'not_found', what: 'order' },
    });
  });

  it('reads an unpaid order from Stripe: paid there means paid here, with its fulfilment recorded once', async () => {
    const { stripe, store, view, order } = setup();
    stripe.setIntent('pi_view', { status: 'succeeded', amount: 3400, amountReceived: 3400 });
    expect(await view()).toMatchObject({ ok: true, value: { id: order.id, status: 'paid' } });
    expect((await view()).ok).toBe(true);
    // Recorded by the one refresh that saw the payment: a paid order is not read from Stripe, nor recorded, again.
    expect(store.state.outboxAttempts).toEqual([`order-paid:${order.id}`]);
    expect(stripe.callsOf('retrievePaymentIntent')).toHaveLength(1);
  });

  it('follows the latest attempt before payment: failed, then pending again', async () => {
    const { stripe, view } = setup();
    stripe.setIntent('pi_view', {
      amount: 3400,
      lastPaymentError: { type: 'card_error', code: 'card_declined', declineCode: 'generic_decline', message: 'no' },
    });
    expect(await view()).toMatchObject({ ok: true, value: { status: 'failed' } });
    stripe.setIntent('pi_view', { status: 'requires_action', lastPaymentError: null });
    expect(await view()).toMatchObject({ ok: true, value: { status: 'requires_action' } });
  });

  it('answers the stored order when Stripe cannot be reached, and says so in the log', async () => {
    const { stripe, view, log } = setup();
    stripe.failNext('retrievePaymentIntent', stripeDown());
    expect(await view()).toMatchObject({ ok: true, value: { status: 'pending' } });
    expect(log.warn).toHaveBeenCalledOnce();
  });
});
