// An idle worker is woken by the database (LISTEN/NOTIFY on `webhook_inbox`) when ingest commits an event: the event
// is worked within moments although the worker polls only once a minute here, so polling alone fails these tests.
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import {
  createTestDatabase,
  describeEachDatabase,
  postgresqlTestsEnabled,
  type TestDatabase,
} from '@storepay/db/testing';
import { signedDelivery, stripeEvent, stripePaymentIntent } from '@storepay/payments-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';
import { freePort, postgresqlUrlOf, startApiProcess, stopProcess, waitFor, waitForApiReady } from '../test-support';

const SECRET = `whsec_${randomBytes(24).toString('hex')}`;
const ENV = {
  // Real-Stripe mode with an unreachable Stripe: nothing here calls Stripe or registers endpoints.
  STRIPE_SECRET_KEY: 'sk_test_wake',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_wake',
  STRIPE_API_BASE: 'http://stripe.invalid:9',
  STRIPE_WEBHOOK_SECRET: SECRET,
  RECONCILE_INTERVAL_MS: '0',
  ORDER_EXPIRY_INTERVAL_MS: '0',
  SEED_DEMO_CATALOG: 'false',
  // A minute between polls: only the notification can make an idle worker claim an event in time.
  WEBHOOK_WORKER_POLL_MS: '60000',
};

let sequence = 0;
/** A signed `payment_intent.succeeded` for an order placed for it (as checkout leaves them). */
async function delivery(db: TestDatabase) {
  sequence += 1;
  const order = await db.prisma.order.create({ data: { currency: 'usd', amount: 1500, email: 'wake@example.com' } });
  const paymentIntentId = `pi_wake${Date.now()}x${sequence}`;
  await db.prisma.payment.create({
    data: {
      orderId: order.id,
      stripePaymentIntentId: paymentIntentId,
      status: 'requires_payment_method',
      currency: 'usd',
      amount: 1500,
    },
  });
  const event = stripeEvent(
    'payment_intent.succeeded',
    stripePaymentIntent({ paymentIntentId, orderId: order.id, amount: 1500, currency: 'usd' }, 'succeeded'),
    { id: `evt_wake_${Date.now()}_${sequence}` },
  );
  return { event, ...(await signedDelivery(event, SECRET)) };
}

/** Delivers events one at a time, each once the system is idle again; the time each waited in the inbox (ms). */
async function idleLags(
  db: TestDatabase,
  send: (body: string, headers: Record<string, string>) => Promise<number>,
  count: number,
): Promise<number[]> {
  const lags: number[] = [];
  for (let i = 0; i < count; i++) {
    const { event, body, headers } = await delivery(db);
    // Idle: the worker's last round found nothing and it sleeps until its next poll, a minute away.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await send(body, headers)).toBe(200);
    const row = await waitFor(
      `event ${event.id} worked`,
      async () => {
        const found = await db.prisma.webhookEvent.findUnique({ where: { stripeEventId: event.id } });
        return found?.processedAt ? found : null;
      },
      5_000,
    );
    expect(row.status).toBe('processed');
    lags.push(row.processedAt!.getTime() - row.receivedAt.getTime());
  }
  return lags;
}

describeEachDatabase('an idle worker in the same process on $name', ({ name }) => {
  let db: TestDatabase;
  let app: App;

  beforeAll(async () => {
    db = await createTestDatabase(name);
    app = await buildApp({ config: loadConfig({ ...ENV, API_MODE: 'all' }), database: db });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await db?.destroy();
  });

  it('works each event within a second of its arrival, not at the next poll', async () => {
    const lags = await idleLags(
      db,
      async (payload, headers) =>
        (await app.inject({ method: 'POST', url: '/webhooks/stripe', headers, payload })).statusCode,
      5,
    );
    for (const lag of lags) expect(lag).toBeLessThan(1000);
  });
});

describe.runIf(postgresqlTestsEnabled())('the production layout: an HTTP process and a worker process', () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];
  let port = 0;

  beforeAll(async () => {
    db = await createTestDatabase('postgresql');
    const env = { ...ENV, DATABASE_URL: await postgresqlUrlOf(db), LOG_LEVEL: 'warn' };
    port = await freePort();
    const http = startApiProcess({ ...env, API_MODE: 'http', API_PORT: String(port) });
    children.push(http.child);
    const worker = startApiProcess({ ...env, API_MODE: 'worker' });
    children.push(worker.child);
    await waitForApiReady(port, http);
  });
  afterAll(async () => {
    await Promise.all(children.map(stopProcess));
    await db?.destroy();
  });

  it('wakes the worker process when the HTTP process stores an event', async () => {
    const send = async (body: string, headers: Record<string, string>) =>
      (await fetch(`http://127.0.0.1:${port}/webhooks/stripe`, { method: 'POST', headers, body })).status;
    // The first event may be found by the worker's first round as it starts; the next ones only by a wake.
    await idleLags(db, send, 1);
    const lags = await idleLags(db, send, 4);
    for (const lag of lags) expect(lag).toBeLessThan(1000);
  });
});
