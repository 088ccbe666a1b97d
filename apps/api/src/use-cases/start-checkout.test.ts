import type { CatalogEntry, CheckoutRequest } from '@storepay/payments-core';
import { describe, expect, it } from 'vitest';
import { silentLogger } from './ports';
import { startCheckout } from './start-checkout';
import { fakeGateway, stripeDown } from './testing/fake-gateway';
import { inMemoryLimits } from './testing/in-memory-limits';
import { inMemoryCustomers } from './testing/in-memory-customers';
import { inMemoryStore } from './testing/in-memory-store';

const APRON = '6f1c1c8e-4a51-4c55-9a4e-1f0a8d3b2c01';
const GRINDER = '0d6a2c55-93b0-4bb8-8f0e-2a7b3f9d4c02';
const catalog: CatalogEntry[] = [
  { productId: APRON, name: 'Linen apron', active: true, prices: { usd: 2400, eur: 2250 } },
  { productId: GRINDER, name: 'Burr grinder', active: true, prices: { usd: 12900, jpy: 18500 } },
];

function setup(rules: Parameters<typeof inMemoryLimits>[1] = {}) {
  const store = inMemoryStore(undefined, catalog);
  const customers = inMemoryCustomers();
  const stripe = fakeGateway();
  const { limits } = inMemoryLimits(store.clock, rules);
  const ports = {
    products: store.products,
    orders: store.orders,
    gateway: stripe.gateway,
    limits,
    log: silentLogger,
    livemode: false,
    customers: customers.repository,
    clock: store.clock,
  };
  return {
    store,
    stripe,
    customers,
    checkout: (
      request: CheckoutRequest,
      idempotencyKey: string | null = null,
      clientIp = '198.51.100.20',
      customer: Parameters<typeof startCheckout>[1]['customer'] = null,
    ) => startCheckout(ports, { request, idempotencyKey, clientIp, customer }),
  };
}

const cart = (overrides: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  items: [{ productId: APRON, quantity: 2 }],
  currency: 'usd',
  email: 'buyer@example.com',
  ...overrides,
});

describe('startCheckout', () => {
  it('prices the cart from the catalog and creates one PaymentIntent for the order, keyed by the order', async () => {
    const { checkout, stripe, store } = setup();
    const started = await checkout(
      cart({
        items: [
          { productId: APRON, quantity: 2 },
          { productId: GRINDER, quantity: 1 },
        ],
      }),
    );
    expect(started).toMatchObject({ ok: true, value: { amount: 2 * 2400 + 12900, currency: 'usd' } });
    if (!started.ok) return;
    const [create] = stripe.callsOf('createPaymentIntent');
    expect(create?.input).toMatchObject({
      amount: { amount: 17700, currency: 'usd' },
      orderId: started.value.orderId,
      idempotencyKey: `order-${started.value.orderId}-payment-intent`,
    });
    expect(started.value.clientSecret).toContain('_secret_');
    expect([...store.state.payments.values()].map((p) => p.paymentIntentId)).toEqual([started.value.paymentIntentId]);
  });

  it('charges yen in whole yen', async () => {
    const { checkout } = setup();
    expect(await checkout(cart({ items: [{ productId: GRINDER, quantity: 3 }], currency: 'jpy' }))).toMatchObject({
      ok: true,
      value: { amount: 55_500, currency: 'jpy' },
    });
  });

  it('answers a repeated key with the same order and PaymentIntent, without pricing or creating again', async () => {
    const { checkout, stripe, store } = setup();
    const first = await checkout(cart(), 'key-1');
    const again = await checkout(cart({ email: '  BUYER@example.com ' }), 'key-1');
    expect(again).toEqual(first);
    expect(store.state.orders.size).toBe(1);
    expect(stripe.callsOf('createPaymentIntent')).toHaveLength(1);
    expect(stripe.callsOf('retrievePaymentIntent')).toHaveLength(1);
  });

  it('refuses the same key for a different cart', async () => {
    const { checkout } = setup();
    await checkout(cart(), 'key-2');
    expect(await checkout(cart({ items: [{ productId: APRON, quantity: 3 }] }), 'key-2')).toEqual({
      ok: false,
      error: { kind: 'idempotency_key_reused', scope: 'checkout' },
    });
  });

  it('names the lines it cannot price, and records nothing', async () => {
    const { checkout, store, stripe } = setup();
    const refused = await checkout(
      cart({
        items: [
          { productId: GRINDER, quantity: 1 },
          { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
        ],
        currency: 'eur',
      }),
    );
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid_cart' } });
    if (refused.ok || refused.error.kind !== 'invalid_cart') return;
    expect(Object.keys(refused.error.fields).sort()).toEqual(['items.0.productId', 'items.1.productId']);
    expect(store.state.orders.size).toBe(0);
    expect(stripe.calls).toEqual([]);
  });

  it('keeps the order when Stripe cannot be reached, and a retry with the same key makes its PaymentIntent', async () => {
    const { checkout, stripe, store } = setup();
    stripe.failNext('createPaymentIntent', stripeDown());
    const failed = await checkout(cart(), 'key-3');
    expect(failed).toMatchObject({
      ok: false,
      error: { kind: 'payment_failed', error: { kind: 'stripe_unavailable' } },
    });
    expect(store.state.orders.size).toBe(1);
    const retried = await checkout(cart(), 'key-3');
    expect(retried.ok).toBe(true);
    expect(store.state.orders.size).toBe(1);
    expect(store.state.payments.size).toBe(1);
  });

  it('records the order as its PaymentIntent’s own, in the shop’s mode', async () => {
    const { checkout, store } = setup();
    const started = await checkout(cart());
    if (!started.ok) throw new Error('no checkout');
    const order = store.state.orders.get(started.value.orderId)!;
    expect(order).toMatchObject({ paymentIntentId: started.value.paymentIntentId, livemode: false });
  });

  it('refuses to offer an expired order for payment again, even with its own key', async () => {
    const { checkout, store, stripe } = setup();
    const first = await checkout(cart(), 'key-expired');
    if (!first.ok) throw new Error('no checkout');
    store.state.orders.get(first.value.orderId)!.status = 'expired';
    expect(await checkout(cart(), 'key-expired')).toEqual({ ok: false, error: { kind: 'order_expired' } });
    expect(stripe.callsOf('retrievePaymentIntent')).toEqual([]);
  });

  it('cancels the PaymentIntent it made for an order that expired meanwhile, and never hands it out', async () => {
    const { checkout, store, stripe } = setup();
    stripe.failNext('createPaymentIntent', stripeDown());
    const first = await checkout(cart(), 'key-race');
    expect(first.ok).toBe(false);
    // The retry makes the PaymentIntent while the expiry sweep expires the order (it had none yet).
    const record = store.orders.recordPaymentIntent.bind(store.orders);
    store.orders.recordPaymentIntent = async (orderId, intent, email) => {
      store.state.orders.get(orderId)!.status = 'expired';
      return record(orderId, intent, email);
    };
    expect(await checkout(cart(), 'key-race')).toEqual({ ok: false, error: { kind: 'order_expired' } });
    const [made] = [...stripe.intents.values()];
    expect(made?.status).toBe('canceled');
    expect(stripe.callsOf('cancelPaymentIntent')[0]?.input).toMatchObject({
      paymentIntentId: made?.id,
      reason: 'abandoned',
    });
    expect([...store.state.orders.values()][0]?.paymentIntentId).toBeNull();
  });

  it('pays a signed-in shopper’s order as their Stripe Customer, made once whatever the number of checkouts', async () => {
    const { checkout, customers, stripe, store } = setup();
    const account = await customers.repository.signInCustomer('ada@example.com', 'en', new Date());
    const [first, second] = await Promise.all([
      checkout(cart(), null, '198.51.100.20', account),
      checkout(cart({ items: [{ productId: GRINDER, quantity: 1 }] }), null, '198.51.100.20', account),
    ]);
    if (!first.ok || !second.ok) throw new Error('no checkout');
    const creates = stripe.callsOf('createCustomer').map((call) => call.input);
    expect(creates).toEqual([
      expect.objectContaining({
        accountId: account.id,
        email: 'ada@example.com',
        idempotencyKey: `customer-${account.id}`,
      }),
      expect.objectContaining({ idempotencyKey: `customer-${account.id}` }),
    ]);
    expect(stripe.customers.size).toBe(1);
    const [stripeCustomer] = [...stripe.customers.keys()];
    expect(customers.customers.get(account.id)?.stripeCustomerId).toBe(stripeCustomer);
    for (const call of stripe.callsOf('createPaymentIntent'))
      expect(call.input).toMatchObject({ customer: stripeCustomer });
    expect(store.state.orders.get(first.value.orderId)?.customerId).toBe(account.id);
    // A guest's checkout has no Customer.
    const guest = await checkout(cart({ email: 'guest@example.com' }));
    expect(stripe.callsOf('createPaymentIntent').at(-1)?.input).not.toHaveProperty('customer');
    expect(guest.ok && guest.value).not.toHaveProperty('customerSessionClientSecret');
  });

  it('records the shopper’s language for the order’s emails, English when the request names none', async () => {
    const { checkout, store } = setup();
    const german = await checkout(cart({ locale: 'de' }));
    const unnamed = await checkout(cart({ email: 'other@example.com' }));
    if (!german.ok || !unnamed.ok) throw new Error('no checkout');
    expect(store.state.orders.get(german.value.orderId)?.locale).toBe('de');
    expect(store.state.orders.get(unnamed.value.orderId)?.locale).toBe('en');
  });

  it('limits new orders per client address and per email (card testing); a retried key takes nothing', async () => {
    const { checkout, stripe } = setup({
      checkout_ip: { points: 4, seconds: 600 },
      checkout_email: { points: 2, seconds: 600 },
    });
    expect((await checkout(cart(), 'k1')).ok).toBe(true);
    expect((await checkout(cart(), 'k1')).ok).toBe(true); // the same order again
    expect((await checkout(cart({ email: 'Buyer@Example.com ' }), 'k2')).ok).toBe(true);
    expect(await checkout(cart(), 'k3')).toEqual({
      ok: false,
      error: { kind: 'rate_limited', limit: 'checkout_email', retryAfterSeconds: 600 },
    });
    expect((await checkout(cart({ email: 'other@example.com' }), 'k4')).ok).toBe(true);
    expect(await checkout(cart({ email: 'third@example.com' }), 'k5')).toMatchObject({
      error: { kind: 'rate_limited', limit: 'checkout_ip' },
    });
    expect((await checkout(cart({ email: 'third@example.com' }), 'k5', '203.0.113.50')).ok).toBe(true);
    expect(stripe.callsOf('createPaymentIntent')).toHaveLength(4);
  });
});
