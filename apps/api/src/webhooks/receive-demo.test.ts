import { createTestDatabase, describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';
import { freePort, waitFor } from '../test-support';

describeEachDatabase('demo webhook wiring on $name', ({ name }) => {
  const CONFIGURED = 'whsec_configured_demo_secret';
  let db: TestDatabase;
  let emulator: RunningEmulator | undefined;
  let app: App | undefined;
  let apiPort: number;
  let emulatorPort: number;

  const endpoints = async () =>
    (
      (await (await fetch(`${emulator!.url}/_emulator/webhook-endpoints`)).json()) as {
        data: { id: string; url: string; secret: string; enabled_events: string[] }[];
      }
    ).data;

  const startApi = async (env: NodeJS.ProcessEnv) => {
    const config = loadConfig({
      SEED_DEMO_CATALOG: 'false',
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      STRIPE_API_BASE: `http://127.0.0.1:${emulatorPort}`,
      ...env,
    });
    const started = await buildApp({ config, database: db, logger: false });
    await started.listen({ host: config.host, port: config.port });
    return started;
  };

  beforeAll(async () => {
    db = await createTestDatabase(name);
    [apiPort, emulatorPort] = await Promise.all([freePort(), freePort()]);
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.close();
    await db.destroy();
  });

  it('starts without the emulator and registers with it in the background once it is up', async () => {
    const startedAt = Date.now();
    app = await startApi({ STRIPE_WEBHOOK_SECRET: CONFIGURED });
    expect(Date.now() - startedAt).toBeLessThan(10_000); // the emulator being down does not hold start-up
    expect((await app.inject('/health')).statusCode).toBe(200);

    emulator = await startEmulator({ port: emulatorPort });
    const [endpoint] = await waitFor('the endpoint', async () => ((await endpoints()).length ? endpoints() : null));
    expect(endpoint).toMatchObject({
      url: `http://127.0.0.1:${apiPort}/webhooks/stripe`,
      secret: CONFIGURED,
      enabled_events: ['*'],
    });
    await app.close();
    app = undefined;
  });

  it('reuses its endpoint after a restart and receives what the emulator sends', async () => {
    app = await startApi({}); // no configured secret now: the API learns the endpoint's from the emulator
    const started = app;
    await waitFor('the registration', async () => started.webhookSecrets.list.includes(CONFIGURED));
    expect(await endpoints()).toHaveLength(1);

    const stripe = new Stripe('sk_test_storepay_demo', { host: '127.0.0.1', port: emulatorPort, protocol: 'http' });
    const customer = await stripe.customers.create({ email: 'demo@example.com' });
    const intent = await stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(intent.status).toBe('succeeded');

    const row = await waitFor('payment_intent.succeeded in the inbox', () =>
      db.prisma.webhookEvent.findFirst({ where: { type: 'payment_intent.succeeded', paymentIntentId: intent.id } }),
    );
    // The in-process worker may already have taken it further than `received`.
    expect(row).toMatchObject({ objectId: intent.id, source: 'webhook' });
    const ignored = await waitFor('customer.created in the inbox', () =>
      db.prisma.webhookEvent.findFirst({ where: { type: 'customer.created', objectId: customer.id } }),
    );
    expect(ignored.status).toBe('ignored');
    await waitFor('charge.succeeded in the inbox', () =>
      db.prisma.webhookEvent.findFirst({ where: { type: 'charge.succeeded', paymentIntentId: intent.id } }),
    );
    await app.services.rejections.flush();
    expect(await db.prisma.webhookRejectionCount.count()).toBe(0);
  });
});
