import { seedCatalog } from '@storepay/db';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeEachDatabase('reconciler on $name', ({ name }) => {
  let db: TestDatabase;
  let emulator: RunningEmulator;
  let app: App;
  let stripe: Stripe;

  beforeAll(async () => {
    db = await createTestDatabase(name);
    await seedCatalog(db);
    emulator = await startEmulator();
    // No webhook endpoint is registered (the API never listens here): every event is one the API missed.
    const config = loadConfig({
      SEED_DEMO_CATALOG: 'false',
      STRIPE_API_BASE: emulator.url,
      RECONCILE_INTERVAL_MS: '0',
    });
    stripe = new Stripe(config.stripe.secretKey, { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
    app = await buildApp({ config, database: db, logger: false });
    await app.ready();
  });

  /** One reconciliation run, as the schedule runs it; throws when it failed. */
  async function reconcile() {
    const result = await app.useCases.reconcile();
    if (!result.ok) throw new Error(result.error.detail);
    return result.value;
  }

  afterAll(async () => {
    await app.close();
    await emulator.close();
    await db.destroy();
  });

  it('puts the events the inbox missed into it, and the worker applies them once', async () => {
    const product = (await db.prisma.product.findFirstOrThrow({ where: { slug: 'linen-apron' } })).id;
    const checkout = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      payload: { items: [{ productId: product, quantity: 1 }], currency: 'usd', email: 'r@example.com' },
    });
    const { orderId, paymentIntentId } = checkout.json();
    await stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: 'pm_card_visa',
      return_url: 'http://localhost/x',
    });
    expect(await db.prisma.webhookEvent.count({ where: { paymentIntentId } })).toBe(0);

    const first = await reconcile();
    const found = await db.prisma.webhookEvent.findMany({
      where: { paymentIntentId },
      orderBy: { stripeCreatedAt: 'asc' },
    });
    expect(found.map((e) => e.type)).toEqual(
      expect.arrayContaining(['payment_intent.created', 'payment_intent.succeeded', 'charge.succeeded']),
    );
    expect(found.every((e) => e.source === 'reconciler')).toBe(true);
    expect(first.eventsInserted).toBeGreaterThanOrEqual(found.length);

    const order = await until(
      () => db.prisma.order.findUniqueOrThrow({ where: { id: orderId } }),
      (o) => o.status === 'paid',
    );
    expect(order.status).toBe('paid');
    expect(await db.prisma.outboxMessage.count({ where: { orderId } })).toBe(1);

    // Nothing is missing any more: a second run inserts nothing, and both runs are recorded.
    const second = await reconcile();
    expect(second.eventsInserted).toBe(0);
    const runs = await db.prisma.reconciliationRun.findMany({ orderBy: { startedAt: 'asc' } });
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs[0]?.eventsInserted).toBe(first.eventsInserted);
    expect(runs[1]?.cursorFrom?.getTime()).toBeLessThan(runs[0]!.cursorTo!.getTime());
  });

  it('repairs a payment whose mirror drifted from Stripe, and reports it', async () => {
    const product = (await db.prisma.product.findFirstOrThrow({ where: { slug: 'tasting-notebook' } })).id;
    const { orderId, paymentIntentId } = (
      await app.inject({
        method: 'POST',
        url: '/api/checkout',
        payload: { items: [{ productId: product, quantity: 5 }], currency: 'usd', email: 'drift@example.com' },
      })
    ).json();
    await stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: 'pm_card_visa',
      return_url: 'http://localhost/x',
    });
    await reconcile();
    await until(
      () => db.prisma.order.findUniqueOrThrow({ where: { id: orderId } }),
      (o) => o.status === 'paid',
    );

    // Our mirror loses the payment (as if an event had been lost for good and a bug had reset the row).
    await db.prisma.payment.update({
      where: { stripePaymentIntentId: paymentIntentId },
      data: { status: 'requires_payment_method', amountReceived: 0 },
    });
    const run = await reconcile();
    expect(run.drift).toEqual(
      expect.arrayContaining([
        { paymentIntentId, field: 'status', ours: 'requires_payment_method', stripe: 'succeeded', repaired: true },
        { paymentIntentId, field: 'amount_received', ours: 0, stripe: 6000, repaired: true },
      ]),
    );
    const payment = await db.prisma.payment.findUniqueOrThrow({ where: { stripePaymentIntentId: paymentIntentId } });
    expect(payment).toMatchObject({ status: 'succeeded', amountReceived: 6000 });
    const recorded = await db.prisma.reconciliationRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(JSON.stringify(recorded.driftFound)).toContain(paymentIntentId);
    // In agreement again: the next run finds no drift.
    expect((await reconcile()).drift).toEqual([]);
  });

  it('records a failed run when Stripe cannot be read', async () => {
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/v1/events', action: 'server_error', count: 10 }),
    });
    expect(await app.useCases.reconcile()).toMatchObject({ ok: false, error: { kind: 'reconciliation_failed' } });
    const last = await db.prisma.reconciliationRun.findFirstOrThrow({ orderBy: { startedAt: 'desc' } });
    expect(last.status).toBe('failed');
    expect(last.error).toBeTruthy();
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
  });
});
