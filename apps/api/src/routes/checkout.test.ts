import { seedCatalog } from '@storepay/db';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { createStripeClient, createStripePaymentGateway } from '@storepay/payments-core/server';
import { startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';

describeEachDatabase('checkout on $name', ({ name }) => {
  let db: TestDatabase;
  let emulator: RunningEmulator;
  let app: App;
  let stripe: Stripe;
  let products: { id: string; slug: string; prices: { currency: string; unitAmount: number }[] }[];

  const productId = (slug: string) => products.find((p) => p.slug === slug)!.id;
  const checkout = (body: unknown, key?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/checkout',
      headers: key ? { 'idempotency-key': key } : {},
      payload: body as Record<string, unknown>,
    });
  const paymentIntentsOf = async (orderId: string) =>
    (await stripe.paymentIntents.search({ query: `metadata['order_id']:'${orderId}'` })).data;

  beforeAll(async () => {
    db = await createTestDatabase(name);
    await seedCatalog(db);
    emulator = await startEmulator();
    const config = loadConfig({
      SEED_DEMO_CATALOG: 'false',
      STRIPE_API_BASE: emulator.url,
      // These tests read an order again at once and expect Stripe's latest; the refresh window has its own test.
      RATE_LIMITS: 'order_refresh=1000/1',
    });
    stripe = new Stripe(config.stripe.secretKey, { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
    app = await buildApp({ config, database: db, logger: false });
    products = (await app.inject('/api/products')).json().products;
  });

  afterAll(async () => {
    await app.close();
    await emulator.close();
    await db.destroy();
  });

  beforeEach(async () => {
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
  });

  it('serves the storefront configuration', async () => {
    const response = await app.inject('/api/config');
    expect(response.json()).toEqual({
      publishableKey: expect.stringMatching(/^pk_test_/),
      stripeJsUrl: `${emulator.url}/js.stripe.com/v3/`,
      currencies: ['usd', 'eur', 'jpy'],
    });
  });

  it('answers validation errors with the fields that are wrong', async () => {
    const bad = await checkout({ items: [{ productId: 'nope', quantity: 0 }], currency: 'xxx', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'validation_failed',
      fields: {
        'items.0.productId': expect.any(String),
        'items.0.quantity': 'must be at least 1',
        currency: expect.any(String),
        email: 'must be an email address',
      },
    });
    const empty = await checkout({ items: [], currency: 'usd', email: 'a@example.com' });
    expect(empty.json().error.fields).toEqual({ items: 'the cart is empty' });
    const tooMany = await checkout({
      items: [{ productId: productId('linen-apron'), quantity: 100 }],
      currency: 'usd',
      email: 'a@example.com',
    });
    expect(tooMany.json().error.fields).toEqual({ 'items.0.quantity': 'must be at most 99' });
    const unknown = await checkout({
      items: [
        { productId: productId('linen-apron'), quantity: 1 },
        { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
      ],
      currency: 'usd',
      email: 'a@example.com',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toEqual({ 'items.1.productId': 'is not a product we sell' });
    const badKey = await checkout(
      { items: [{ productId: productId('linen-apron'), quantity: 1 }], currency: 'usd', email: 'a@example.com' },
      'x'.repeat(300),
    );
    expect(badKey.json().error.fields).toEqual({ 'Idempotency-Key': expect.any(String) });
    const badLocale = await checkout({
      items: [{ productId: productId('linen-apron'), quantity: 1 }],
      currency: 'usd',
      email: 'a@example.com',
      locale: 'klingon',
    });
    expect(badLocale.statusCode).toBe(400);
    expect(badLocale.json().error.fields).toEqual({ locale: 'must be one of en, de, fr, ja' });
    expect(await db.prisma.order.count()).toBe(0);
  });

  it('prices the order on the server and ignores any price the client sends', async () => {
    const response = await checkout({
      items: [{ productId: productId('gooseneck-kettle'), quantity: 2, unitAmount: 1, price: 1 }],
      currency: 'USD',
      email: 'buyer@example.com',
      amount: 1,
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ amount: 13800, currency: 'usd', clientSecret: expect.stringContaining('_secret_') });
    const [intent] = await paymentIntentsOf(body.orderId);
    expect(intent).toMatchObject({
      id: body.paymentIntentId,
      amount: 13800,
      currency: 'usd',
      receipt_email: 'buyer@example.com',
    });
    expect(intent?.automatic_payment_methods?.enabled).toBe(true);
  });

  it('records the shopper’s language on the order', async () => {
    const response = await checkout({
      items: [{ productId: productId('linen-apron'), quantity: 1 }],
      currency: 'eur',
      email: 'kundin@example.com',
      locale: 'de',
    });
    expect(response.statusCode).toBe(201);
    const order = await db.prisma.order.findUniqueOrThrow({ where: { id: response.json().orderId } });
    expect(order.locale).toBe('de');
  });

  it('charges JPY in whole yen', async () => {
    const response = await checkout({
      items: [{ productId: productId('burr-grinder'), quantity: 3 }],
      currency: 'jpy',
      email: 'y@example.com',
    });
    expect(response.json()).toMatchObject({ amount: 55500, currency: 'jpy' });
    const [intent] = await paymentIntentsOf(response.json().orderId);
    expect(intent).toMatchObject({ amount: 55500, currency: 'jpy' });
  });

  it('makes one order and one PaymentIntent from 10 concurrent requests with one key', async () => {
    const body = {
      items: [{ productId: productId('linen-apron'), quantity: 1 }],
      currency: 'eur',
      email: 'race@example.com',
    };
    const responses = await Promise.all(Array.from({ length: 10 }, () => checkout(body, 'race-key-1')));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    const bodies = responses.map((r) => r.json());
    expect(new Set(bodies.map((b) => b.orderId)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.clientSecret)).size).toBe(1);
    expect(await db.prisma.order.count({ where: { idempotencyKey: 'race-key-1' } })).toBe(1);
    expect(await paymentIntentsOf(bodies[0].orderId)).toHaveLength(1);
    expect(await db.prisma.payment.count({ where: { orderId: bodies[0].orderId } })).toBe(1);
  });

  it('refuses the same key for a different cart', async () => {
    const body = {
      items: [{ productId: productId('linen-apron'), quantity: 1 }],
      currency: 'usd',
      email: 'k@example.com',
    };
    expect((await checkout(body, 'reuse-key')).statusCode).toBe(201);
    const other = await checkout(
      { ...body, items: [{ productId: productId('linen-apron'), quantity: 2 }] },
      'reuse-key',
    );
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');
  });

  it.each([
    ['a 500', 'server_error'],
    ['a 429', 'rate_limit'],
  ])('retries %s from Stripe and still makes exactly one PaymentIntent', async (_name, action) => {
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/v1/payment_intents', action, count: 2 }),
    });
    const response = await checkout(
      { items: [{ productId: productId('tasting-notebook'), quantity: 5 }], currency: 'usd', email: 'f@example.com' },
      `fault-${action}`,
    );
    expect(response.statusCode).toBe(201);
    expect(await paymentIntentsOf(response.json().orderId)).toHaveLength(1);
    const faults = (await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as { data: unknown[] };
    expect(faults.data).toEqual([]); // both injected failures were hit
  });

  it('answers 503, not a hang, when Stripe cannot be reached', async () => {
    const unreachable = await buildApp({
      config: loadConfig({ SEED_DEMO_CATALOG: 'false' }),
      database: db,
      logger: false,
      gateway: createStripePaymentGateway(
        createStripeClient({
          secretKey: 'sk_test_x',
          apiBase: 'http://127.0.0.1:9',
          timeoutMs: 1000,
          maxNetworkRetries: 1,
        }),
      ),
    });
    const started = Date.now();
    const response = await unreachable.inject({
      method: 'POST',
      url: '/api/checkout',
      payload: {
        items: [{ productId: productId('linen-apron'), quantity: 1 }],
        currency: 'usd',
        email: 'u@example.com',
      },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('stripe_unavailable');
    expect(Date.now() - started).toBeLessThan(10_000);
    await unreachable.close();
  });

  it('reports the order status from Stripe: pending, failed after a decline, paid after a retry', async () => {
    const created = (
      await checkout({
        items: [{ productId: productId('ceramic-pour-over'), quantity: 1 }],
        currency: 'usd',
        email: 's@example.com',
      })
    ).json();
    const order = async () => (await app.inject(`/api/orders/${created.orderId}`)).json();
    expect(await order()).toMatchObject({ id: created.orderId, status: 'pending', amount: 3400, paidAt: null });

    await expect(
      stripe.paymentIntents.confirm(created.paymentIntentId, {
        payment_method: 'pm_card_chargeDeclined',
        return_url: 'http://localhost/done',
      }),
    ).rejects.toMatchObject({ type: 'StripeCardError' });
    expect((await order()).status).toBe('failed');

    await stripe.paymentIntents.confirm(created.paymentIntentId, {
      payment_method: 'pm_card_visa',
      return_url: 'http://localhost/done',
    });
    const paid = await order();
    expect(paid).toMatchObject({
      status: 'paid',
      items: [{ name: 'Ceramic Pour-Over Dripper', quantity: 1, unitAmount: 3400 }],
    });
    expect(paid.paidAt).not.toBeNull();
    // The refresh that saw the payment records its fulfilment, once.
    expect(await db.prisma.outboxMessage.count({ where: { orderId: created.orderId } })).toBe(1);
    await app.inject(`/api/orders/${created.orderId}`);
    expect(await db.prisma.outboxMessage.count({ where: { orderId: created.orderId } })).toBe(1);
    expect((await app.inject('/api/orders/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await app.inject('/api/orders/not-a-uuid')).statusCode).toBe(404);
  });
});
