// The API is down while Stripe (the emulator) sends events: when it is back, the emulator's retries and the
// reconciler leave nothing missing, including an event whose delivery the emulator dropped.
import { seedCatalog } from '@storepay/db';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';
import { freePort, waitFor } from '../test-support';

describeEachDatabase('the API down while Stripe sends, on $name', ({ name }) => {
  let db: TestDatabase;
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let apiPort: number;
  let app: App | null = null;

  const startApi = async () => {
    const config = loadConfig({
      SEED_DEMO_CATALOG: 'false',
      API_PORT: String(apiPort),
      STRIPE_API_BASE: emulator.url,
      RECONCILE_INTERVAL_MS: '0',
      WEBHOOK_WORKER_POLL_MS: '50',
    });
    const started = await buildApp({ config, database: db, logger: false });
    await started.listen({ host: config.host, port: config.port });
    return started;
  };
  const emulatorEventIds = async () => {
    const ids: string[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) ids.push(event.id);
    return ids;
  };

  beforeAll(async () => {
    db = await createTestDatabase(name);
    await seedCatalog(db);
    // An hour of Stripe's retry schedule per second: the first retries come within tens of milliseconds.
    emulator = await startEmulator({ timeFactor: 3600 });
    stripe = new Stripe('sk_test_down', { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
    apiPort = await freePort();
  });

  afterAll(async () => {
    await app?.close();
    await emulator.close();
    await db.destroy();
  });

  it('ends with every event in the inbox and the payment applied once', async () => {
    app = await startApi();
    await waitFor('the webhook endpoint', async () => (await stripe.webhookEndpoints.list()).data.length === 1);
    const product = (await db.prisma.product.findFirstOrThrow({ where: { slug: 'burr-grinder' } })).id;
    const { orderId, paymentIntentId } = (
      await app.inject({
        method: 'POST',
        url: '/api/checkout',
        payload: { items: [{ productId: product, quantity: 1 }], currency: 'usd', email: 'down@example.com' },
      })
    ).json();

    // Down: everything Stripe sends now fails to arrive; one delivery is dropped outright.
    await app.close();
    app = null;
    await fetch(`${emulator.url}/_emulator/webhook-faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'drop', eventType: 'charge.succeeded', count: 1 }),
    });
    await stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: 'pm_card_visa',
      return_url: 'http://localhost/x',
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the first attempts fail against the closed port

    // Back up: the emulator's retries deliver what failed; the dropped event only the reconciler can find.
    app = await startApi();
    const expected = await emulatorEventIds();
    const inboxIds = async () =>
      new Set((await db.prisma.webhookEvent.findMany({ select: { stripeEventId: true } })).map((e) => e.stripeEventId));
    await waitFor('the retries', async () => {
      const inbox = await inboxIds();
      return expected.filter((id) => !inbox.has(id)).length === 1; // all but the dropped one
    });
    const summary = await app.useCases.reconcile();
    expect(summary).toMatchObject({ ok: true, value: { eventsInserted: 1 } });
    const inbox = await inboxIds();
    expect(expected.filter((id) => !inbox.has(id))).toEqual([]);

    const order = await waitFor('the order to be paid', async () => {
      const row = await db.prisma.order.findUniqueOrThrow({ where: { id: orderId } });
      return row.status === 'paid' ? row : null;
    });
    expect(order.status).toBe('paid');
    expect(await db.prisma.outboxMessage.count({ where: { orderId } })).toBe(1);
    const payment = await waitFor('the card details from charge.succeeded', async () => {
      const row = await db.prisma.payment.findUniqueOrThrow({ where: { stripePaymentIntentId: paymentIntentId } });
      return row.cardLast4 ? row : null;
    });
    expect(payment).toMatchObject({ status: 'succeeded', cardLast4: '4242', cardBrand: 'visa' });
  });
});
