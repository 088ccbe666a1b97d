// A delayed-notification payment end to end: a SEPA Direct Debit through checkout, the emulator's signed webhooks and
// its bank settling days later (here: its control API), so an order waits in `processing` and the shopper is told.
import { seedCatalog } from '@storepay/db';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { EmulatorControl, startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';
import { freePort, waitFor } from '../test-support';

describeEachDatabase('SEPA Direct Debit with the emulator, on $name', ({ name }) => {
  let db: TestDatabase;
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  let app: App;
  let stripe: Stripe;

  beforeAll(async () => {
    db = await createTestDatabase(name);
    await seedCatalog(db);
    const [apiPort, emulatorPort] = await Promise.all([freePort(), freePort()]);
    // Real time: a debit stays processing until the test settles it (the emulator's clock would settle it in days).
    emulator = await startEmulator({ port: emulatorPort, timeFactor: 1 });
    control = new EmulatorControl(emulator.url);
    const config = loadConfig({
      SEED_DEMO_CATALOG: 'false',
      RECONCILE_INTERVAL_MS: '0',
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      STRIPE_API_BASE: emulator.url,
      STRIPE_WEBHOOK_SECRET: 'whsec_sepa_end_to_end',
    });
    stripe = new Stripe(config.stripe.secretKey, { host: '127.0.0.1', port: emulator.port, protocol: 'http' });
    app = await buildApp({ config, database: db, logger: false });
    await app.listen({ host: config.host, port: config.port });
    await waitFor('the webhook endpoint', async () => {
      const { data } = (await (await fetch(`${emulator.url}/_emulator/webhook-endpoints`)).json()) as {
        data: { url: string }[];
      };
      return data.some((endpoint) => endpoint.url === `http://127.0.0.1:${apiPort}/webhooks/stripe`);
    });
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await db?.destroy();
  });

  const orderStatus = async (orderId: string) =>
    (await app.inject(`/api/orders/${orderId}`)).json<{ status: string }>().status;
  const outbox = (orderId: string, kind: string) => db.prisma.outboxMessage.count({ where: { orderId, kind } });

  /** A euro checkout debited from `iban`: answers once the order is processing. */
  async function debit(iban: string) {
    const { products } = (await app.inject('/api/products')).json<{ products: { id: string }[] }>();
    const checkout = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      payload: { items: [{ productId: products[0]!.id, quantity: 1 }], currency: 'eur', email: 'jenny@example.com' },
    });
    expect(checkout.statusCode).toBe(201);
    const { orderId, paymentIntentId } = checkout.json<{ orderId: string; paymentIntentId: string }>();
    const method = await stripe.paymentMethods.create({
      type: 'sepa_debit',
      sepa_debit: { iban },
      billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
    });
    const confirmed = await stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: method.id,
      mandate_data: {
        customer_acceptance: { type: 'online', online: { ip_address: '127.0.0.1', user_agent: 'test' } },
      },
      return_url: 'http://127.0.0.1/return',
    });
    expect(confirmed.status).toBe('processing');
    await waitFor('the order processing', async () => (await orderStatus(orderId)) === 'processing');
    return { orderId, paymentIntentId };
  }

  it('keeps the order processing until the debit settles, then pays it and confirms it once', async () => {
    const { orderId, paymentIntentId } = await debit('AT321904300235473204');
    // Not paid yet: nothing is fulfilled, and the order is not expired by the unpaid-order sweep either.
    expect(await outbox(orderId, 'order.paid')).toBe(0);
    expect((await db.prisma.payment.findFirstOrThrow({ where: { orderId } })).status).toBe('processing');

    await control.settlePaymentIntent(paymentIntentId, 'succeeded');
    await waitFor('the order paid', async () => (await orderStatus(orderId)) === 'paid');
    await waitFor('the confirmation', async () => (await outbox(orderId, 'order.paid')) === 1);
    expect(await outbox(orderId, 'payment.failed')).toBe(0);
  });

  it('fails the order when the bank refuses the debit, and tells the shopper (they left the checkout long ago)', async () => {
    const { orderId, paymentIntentId } = await debit('AT861904300235473202');
    await control.settlePaymentIntent(paymentIntentId, 'failed');
    await waitFor('the order failed', async () => (await orderStatus(orderId)) === 'failed');
    await waitFor('the failure email', async () => (await outbox(orderId, 'payment.failed')) === 1);
    expect(await outbox(orderId, 'order.paid')).toBe(0);
  });
});
