// Order expiry end to end: checkouts through the API, the workers' expiry sweep on a real database, the Stripe
// emulator canceling the PaymentIntents, and a payment that still succeeds after expiry delivered as a signed webhook.
import { seedCatalog } from '@storepay/db';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { signedDelivery } from '@storepay/payments-core/testing';
import { EmulatorControl, startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';
import { waitFor } from '../test-support';

const SECRET = 'whsec_order_expiry_test';
const TTL_MS = 10 * 60_000;

describeEachDatabase('order expiry on $name', ({ name }) => {
  let db: TestDatabase;
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  let app: App;
  let stripe: Stripe;
  let productId: string;
  /** How far the API's clock is ahead of the wall clock: moved past ORDER_PAYMENT_TTL to make orders old. */
  let offsetMs = 0;
  let keys = 0;

  const checkout = (key = `expiry-key-${++keys}`) =>
    app.inject({
      method: 'POST',
      url: '/api/checkout',
      headers: { 'idempotency-key': key },
      payload: { items: [{ productId, quantity: 1 }], currency: 'usd', email: 'late@example.com', locale: 'fr' },
    });
  const orderRow = (id: string) => db.prisma.order.findUniqueOrThrow({ where: { id } });
  const outboxOf = (orderId: string) =>
    db.prisma.outboxMessage.findMany({ where: { orderId }, select: { kind: true }, orderBy: { createdAt: 'asc' } });

  beforeAll(async () => {
    db = await createTestDatabase(name);
    await seedCatalog(db);
    emulator = await startEmulator();
    control = new EmulatorControl(emulator.url);
    const config = loadConfig({
      SEED_DEMO_CATALOG: 'false',
      RECONCILE_INTERVAL_MS: '0',
      STRIPE_API_BASE: emulator.url,
      STRIPE_WEBHOOK_SECRET: SECRET,
      WEBHOOK_WORKER_POLL_MS: '20',
      ORDER_PAYMENT_TTL: '10m',
      ORDER_EXPIRY_INTERVAL_MS: '100',
    });
    stripe = new Stripe(config.stripe.secretKey, { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
    const clock = { now: () => new Date(Date.now() + offsetMs) };
    app = await buildApp({ config, database: db, logger: false, clock });
    productId = (await app.inject('/api/products')).json().products[0].id;
  });

  afterAll(async () => {
    await app.close();
    await emulator.close();
    await db.destroy();
  });

  beforeEach(async () => {
    await control.clearFaults();
    offsetMs = 0;
  });

  it('expires an unpaid checkout on the workers’ schedule: canceled at Stripe, the shopper told once', async () => {
    const placed = await checkout('expiry-first');
    expect(placed.statusCode).toBe(201);
    const { orderId, paymentIntentId } = placed.json();
    // Younger than the TTL: the sweeps leave it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await orderRow(orderId)).status).toBe('pending');

    offsetMs = TTL_MS + 1000;
    const expired = await waitFor('the order expired and its PaymentIntent canceled', async () => {
      const order = await orderRow(orderId);
      return order.status === 'expired' && order.cancelPaymentIntentAt === null && order;
    });
    expect(expired.expiredAt).toBeInstanceOf(Date);
    expect(await stripe.paymentIntents.retrieve(paymentIntentId)).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'abandoned',
    });
    expect(
      (await db.prisma.payment.findUniqueOrThrow({ where: { stripePaymentIntentId: paymentIntentId } })).status,
    ).toBe('canceled');
    await waitFor('a few more sweeps', async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return true;
    });
    expect(await outboxOf(orderId)).toEqual([{ kind: 'order.expired' }]);

    // The shopper's page says so; the old checkout cannot be paid again; a new checkout is a new order.
    expect((await app.inject(`/api/orders/${orderId}`)).json().status).toBe('expired');
    const again = await checkout('expiry-first');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('order_expired');
    // Back to the present: with the clock still past the TTL, the sweep (every 100 ms) could expire the new order
    // between its insert and its PaymentIntent, and the checkout would rightly answer 409.
    offsetMs = 0;
    const fresh = await checkout();
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json().orderId).not.toBe(orderId);
  });

  it('pays an order whose payment succeeded after it expired, and flags it for staff', async () => {
    const placed = await checkout();
    const { orderId, paymentIntentId } = placed.json();
    // Stripe cannot be reached for the cancellation (stripe-node's own retries included).
    await control.addFault({
      method: 'POST',
      path: `/v1/payment_intents/${paymentIntentId}/cancel`,
      action: 'server_error',
      count: 100_000,
    });
    offsetMs = TTL_MS + 1000;
    await waitFor('the order expired, its cancellation tried and due again', async () => {
      const order = await orderRow(orderId);
      return order.status === 'expired' && order.cancelAttempts > 0;
    });

    // Meanwhile the shopper pays in the tab they left open; Stripe tells us by webhook.
    await stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: 'pm_card_visa',
      return_url: 'https://x.test',
    });
    const [succeeded] = (await stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 })).data.filter(
      (event) => (event.data.object as Stripe.PaymentIntent).id === paymentIntentId,
    );
    const { body, headers } = await signedDelivery(succeeded!, SECRET);
    expect((await app.inject({ method: 'POST', url: '/webhooks/stripe', headers, payload: body })).statusCode).toBe(
      200,
    );

    await waitFor('the order paid', async () => (await orderRow(orderId)).status === 'paid');
    const anomalies = await db.prisma.paymentAnomaly.findMany({ where: { orderId } });
    expect(anomalies).toEqual([
      expect.objectContaining({
        kind: 'paid_after_expiry',
        stripePaymentIntentId: paymentIntentId,
        source: 'webhook',
        details: { expected: 'expired', actual: 'paid' },
      }),
    ]);

    // Stripe is back, and the retry is due: the sweep finds nothing left to cancel, and the shopper is never told the
    // order expired.
    await control.clearFaults();
    offsetMs += 60 * 60_000;
    await waitFor('nothing left to cancel', async () => (await orderRow(orderId)).cancelPaymentIntentAt === null);
    expect(await outboxOf(orderId)).toEqual([{ kind: 'order.paid' }]);
    expect((await stripe.paymentIntents.retrieve(paymentIntentId)).status).toBe('succeeded');
  });

  it('makes one expiry of each order when several sweeps run at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await checkout()).json().orderId);
    const before = await expiredCount();
    offsetMs = TTL_MS + 1000;
    const sweeps = await Promise.all([1, 2, 3].map(() => app.useCases.expireOrders()));
    await waitFor('all expired', async () => {
      const rows = await db.prisma.order.findMany({ where: { id: { in: ids } } });
      return rows.every((row) => row.status === 'expired' && row.cancelPaymentIntentAt === null);
    });
    const byHand = sweeps.reduce((sum, sweep) => sum + sweep.expired, 0);
    // The schedule's sweeps count theirs once they end: wait for the total, then make sure it stays at five.
    await waitFor('five expiries counted', async () => byHand + (await expiredCount()) - before >= 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(byHand + (await expiredCount()) - before).toBe(5);
    for (const id of ids) expect(await outboxOf(id)).toEqual([{ kind: 'order.expired' }]);
    // Each PaymentIntent was canceled once, by whichever sweep claimed it.
    const cancels = (await stripe.events.list({ type: 'payment_intent.canceled', limit: 100 })).data.filter((event) =>
      ids.includes(((event.data.object as Stripe.PaymentIntent).metadata ?? {}).order_id ?? ''),
    );
    expect(cancels).toHaveLength(5);
  });

  /** Orders the schedule expired so far, from its metric. */
  async function expiredCount(): Promise<number> {
    const metric = await app.metrics.orderExpiry.get();
    return metric.values.find((value) => value.labels.outcome === 'expired')?.value ?? 0;
  }
});
