import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from './ports';
import { fakeGateway, stripeDown } from './testing/fake-gateway';
import { inMemoryLimits } from './testing/in-memory-limits';
import { inMemoryStore } from './testing/in-memory-store';
import { viewOrder } from './view-order';
import { maskEmail } from './views';

const DAY_MS = 24 * 3600_000;

function setup(rules: Parameters<typeof inMemoryLimits>[1] = {}, status: 'pending' | 'processing' = 'pending') {
  const store = inMemoryStore();
  const stripe = fakeGateway();
  const log = { ...silentLogger, warn: vi.fn() };
  const { limits } = inMemoryLimits(store.clock, rules);
  const order = store.addOrder({
    amount: 3400,
    status,
    paymentIntentId: 'pi_view',
    email: 'sam@example.com',
  });
  const payment = store.addPayment({ orderId: order.id, paymentIntentId: 'pi_view', amount: 3400 });
  const ports = {
    orders: store.orders,
    gateway: stripe.gateway,
    paymentTransactions: store.paymentTransactions,
    limits,
    clock: store.clock,
    log,
    refreshMaxAgeMs: DAY_MS,
    viewDays: 30,
  };
  const view = (orderId = order.id, clientIp = '198.51.100.30') => viewOrder(ports, { orderId, clientIp });
  return { store, stripe, log, order, payment, view };
}

describe('viewOrder', () => {
  it('answers not found for an unknown or malformed id', async () => {
    const { view } = setup();
    expect(await view('00000000-0000-4000-8000-000000000000')).toEqual({
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

  it('tells the shopper once when the refresh is first to see a processing debit fail', async () => {
    const { stripe, store, view, order } = setup({}, 'processing');
    stripe.setIntent('pi_view', {
      amount: 3400,
      lastPaymentError: { type: 'card_error', code: 'insufficient_funds', declineCode: null, message: 'no' },
    });
    expect(await view()).toMatchObject({ ok: true, value: { id: order.id, status: 'failed' } });
    expect(store.state.outboxAttempts).toEqual(['payment.failed:pi_view']);
  });

  it('answers the stored order when Stripe cannot be reached, and says so in the log', async () => {
    const { stripe, view, log } = setup();
    stripe.failNext('retrievePaymentIntent', stripeDown());
    expect(await view()).toMatchObject({ ok: true, value: { status: 'pending' } });
    expect(log.warn).toHaveBeenCalledOnce();
  });

  it('never pays the order with its PaymentIntent changed to another amount: the anomaly is recorded and logged', async () => {
    const { stripe, store, view, order, log } = setup();
    stripe.setIntent('pi_view', { status: 'succeeded', amount: 1, amountReceived: 1 });
    expect(await view()).toMatchObject({ ok: true, value: { status: 'pending' } });
    expect(store.state.outboxAttempts).toEqual([]);
    expect(store.state.anomalies).toEqual([
      {
        kind: 'amount_mismatch',
        expected: 3400,
        actual: 1,
        orderId: order.id,
        paymentIntentId: 'pi_view',
        eventId: null,
        source: 'refresh',
      },
    ]);
    expect(log.warn).toHaveBeenCalledWith(
      expect.objectContaining({ anomaly: 'amount_mismatch' }),
      expect.stringContaining('may not pay'),
    );
  });

  it('asks Stripe at most once per refresh window per order, however often the page is read', async () => {
    const { stripe, store, view } = setup({ order_refresh: { points: 1, seconds: 5 } });
    for (let i = 0; i < 5; i++) await view();
    expect(stripe.callsOf('retrievePaymentIntent')).toHaveLength(1);
    store.clock.advance(5_000);
    await view();
    expect(stripe.callsOf('retrievePaymentIntent')).toHaveLength(2);
  });

  it('no longer asks Stripe about an order older than the refresh age', async () => {
    const { stripe, store, view } = setup();
    store.clock.advance(DAY_MS);
    expect(await view()).toMatchObject({ ok: true, value: { status: 'pending' } });
    expect(stripe.callsOf('retrievePaymentIntent')).toHaveLength(0);
  });

  it('limits reads per client address', async () => {
    const { view } = setup({ order_read_ip: { points: 2, seconds: 60 } });
    await view();
    await view();
    expect(await view()).toEqual({
      ok: false,
      error: { kind: 'rate_limited', limit: 'order_read_ip', retryAfterSeconds: 60 },
    });
    expect((await view(undefined, '203.0.113.77')).ok).toBe(true);
  });

  it('masks the email, and shows only status and totals once the order settled long ago', async () => {
    const { view, store, order } = setup();
    expect(await view()).toMatchObject({ ok: true, value: { email: 's***@example.com', archived: false } });
    store.state.orders.get(order.id)!.status = 'paid';
    store.clock.advance(30 * DAY_MS + 1);
    expect(await view()).toMatchObject({
      ok: true,
      value: { email: '', items: [], archived: true, status: 'paid', amount: 3400 },
    });
    expect(maskEmail('x@y.z')).toBe('x***@y.z');
    expect(maskEmail('broken')).toBe('***');
  });
});
