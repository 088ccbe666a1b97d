// Each metric family driven by the behaviour it counts and read back from `/metrics` as Prometheus scrapes it: an
// HTTP API process (API_MODE=http) and a worker process on one database, each with its own metrics port.
import { randomBytes } from 'node:crypto';
import { seedCatalog } from '@storepay/db';
import { createTestDatabase, type TestDatabase } from '@storepay/db/testing';
import { signedDelivery, stripeEvent, stripePaymentIntent, testPayment } from '@storepay/payments-core/testing';
import { startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { loadConfig, type Config } from '../config';
import { freePort } from '../test-support';
import { buildWorkerApp } from '../webhooks/worker-app';
import { sample, scrapeMetrics } from './testing';

/** A signing secret made for this run: no secret lives in the repository, not even a test's. */
const SECRET = `whsec_${randomBytes(24).toString('hex')}`;

describe('metrics', () => {
  let db: TestDatabase;
  let emulator: RunningEmulator;
  let app: App;
  let config: Config;
  let productId: string;

  const scrape = (port = config.metrics.port!) => scrapeMetrics(port);
  const checkout = (body: unknown) => app.inject({ method: 'POST', url: '/api/checkout', payload: body as object });
  const deliver = async (event: object, secret = SECRET) => {
    const { body, headers } = await signedDelivery(event, secret);
    return app.inject({ method: 'POST', url: '/webhooks/stripe', payload: body, headers });
  };

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    await seedCatalog(db);
    emulator = await startEmulator();
    config = loadConfig({
      SEED_DEMO_CATALOG: 'false',
      STRIPE_API_BASE: emulator.url,
      STRIPE_WEBHOOK_SECRET: SECRET,
      API_MODE: 'http',
      METRICS_PORT: String(await freePort()),
    });
    app = await buildApp({ config, database: db, logger: false });
    await app.ready();
    productId = (await app.inject('/api/products')).json<{ products: { id: string }[] }>().products[0]!.id;
  });

  afterAll(async () => {
    await app.close();
    await emulator.close();
    await db.destroy();
  });

  it('serves /metrics on its own port, never on the API’s, with the process defaults', async () => {
    expect((await app.inject('/metrics')).statusCode).toBe(404);
    const text = await scrape();
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
    const other = await fetch(`http://127.0.0.1:${config.metrics.port}/`);
    expect(other.status).toBe(404);
  });

  it('times every answer by route template, method and status, never by raw URL', async () => {
    const count = 'storepay_http_request_duration_seconds_count';
    const unmatched = { route: 'unmatched', method: 'GET', status_code: '404' };
    const before = sample(await scrape(), count, unmatched) ?? 0;
    await app.inject('/api/orders/9c4a7c5e-2f5c-4a49-9b7e-3d5a2f8f7a10');
    await app.inject('/api/orders/5b0f0b4c-8a31-4d5e-9d0f-1c2b3a4d5e6f');
    await app.inject('/no/such/page');
    const text = await scrape();
    expect(sample(text, count, { route: '/api/orders/:id', method: 'GET', status_code: '404' })).toBe(2);
    expect(sample(text, count, unmatched)).toBe(before + 1);
    expect(text).not.toContain('9c4a7c5e');
  });

  it('counts checkouts by outcome: created, refused by kind, Stripe unavailable', async () => {
    const cart = { items: [{ productId, quantity: 1 }], currency: 'usd', email: 'metrics@example.com' };
    expect((await checkout(cart)).statusCode).toBe(201);
    const unknown = { ...cart, items: [{ productId: '0b8f3c2a-5d4e-4f6a-8b9c-1d2e3f4a5b6c', quantity: 1 }] };
    expect((await checkout(unknown)).statusCode).toBe(400); // priced on the server: no such product
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/v1/payment_intents', action: 'server_error', count: 10 }),
    });
    expect((await checkout(cart)).statusCode).toBe(503);
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
    const text = await scrape();
    expect(sample(text, 'storepay_checkouts_total', { outcome: 'created' })).toBe(1);
    expect(sample(text, 'storepay_checkouts_total', { outcome: 'invalid_cart' })).toBe(1);
    expect(sample(text, 'storepay_checkouts_total', { outcome: 'stripe_unavailable' })).toBe(1);
  });

  it('counts Stripe calls by operation and outcome, with their duration, and a 429 retried as a retry', async () => {
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/v1/payment_intents', action: 'rate_limit', count: 1 }),
    });
    const cart = { items: [{ productId, quantity: 3 }], currency: 'usd', email: 'throttled@example.com' };
    const before = await scrape();
    const operation = 'POST /v1/payment_intents';
    const at = (text: string, name: string, labels: Record<string, string>) => sample(text, name, labels) ?? 0;
    expect((await checkout(cart)).statusCode).toBe(201);
    const after = await scrape();
    const requests = 'storepay_stripe_requests_total';
    for (const [outcome, more] of [
      ['rate_limited', 1],
      ['ok', 1],
    ] as const) {
      expect(at(after, requests, { operation, outcome }) - at(before, requests, { operation, outcome }), outcome).toBe(
        more,
      );
    }
    const retries = 'storepay_stripe_retries_total';
    const reason = { operation, reason: 'rate_limited' };
    expect(at(after, retries, reason) - at(before, retries, reason)).toBe(1);
    const durations = 'storepay_stripe_request_duration_seconds_count';
    expect(at(after, durations, { operation }) - at(before, durations, { operation })).toBe(2);
  });

  it('counts deliveries by type and result, and refusals by reason', async () => {
    const event = stripeEvent('payment_intent.processing', stripePaymentIntent(testPayment(), 'processing'));
    expect((await deliver(event)).statusCode).toBe(200);
    expect((await deliver(event)).statusCode).toBe(200);
    expect((await deliver(event, `whsec_${randomBytes(24).toString('hex')}`)).statusCode).toBe(400);
    const text = await scrape();
    const deliveries = 'storepay_webhook_deliveries_total';
    expect(sample(text, deliveries, { type: 'payment_intent.processing', result: 'stored' })).toBe(1);
    expect(sample(text, deliveries, { type: 'payment_intent.processing', result: 'duplicate' })).toBe(1);
    expect(sample(text, 'storepay_webhook_rejections_total', { reason: 'invalid_signature' })).toBe(1);
  });

  it('gauges the backlog, its oldest event’s age and the dead events, from the database at each scrape', async () => {
    const before = await scrape();
    const backlog = sample(before, 'storepay_webhook_backlog_events')!;
    expect(backlog).toBeGreaterThanOrEqual(1); // nothing processes in API_MODE=http
    expect(sample(before, 'storepay_webhook_backlog_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(before, 'storepay_webhook_dead_events')).toBe(0);
    const dead = stripeEvent('payment_intent.processing', stripePaymentIntent(testPayment(), 'processing'));
    await deliver(dead);
    await deliver(stripeEvent('payment_intent.processing', stripePaymentIntent(testPayment(), 'processing')));
    await db.prisma.$executeRaw`UPDATE webhook_events SET received_at = now() - interval '90 seconds'`;
    await db.prisma.$executeRaw`UPDATE webhook_events SET status = 'dead' WHERE stripe_event_id = ${dead.id}`;
    const after = await scrape();
    expect(sample(after, 'storepay_webhook_backlog_events')).toBe(backlog + 1);
    expect(sample(after, 'storepay_webhook_backlog_oldest_age_seconds')).toBeGreaterThanOrEqual(90);
    expect(sample(after, 'storepay_webhook_dead_events')).toBe(1);
  });

  it('a worker process counts what it processed and the lag, on its own metrics port', async () => {
    // One event that pays an order of ours (the others name PaymentIntents of no order: ignored).
    const cart = { items: [{ productId, quantity: 2 }], currency: 'usd', email: 'paid@example.com' };
    const order = (await checkout(cart)).json<{ orderId: string; paymentIntentId: string; amount: number }>();
    const payment = { ...testPayment(), ...order, currency: 'usd' };
    await deliver(stripeEvent('payment_intent.succeeded', stripePaymentIntent(payment, 'succeeded')));
    const workerConfig = { ...config, mode: 'worker' as const, metrics: { ...config.metrics, port: await freePort() } };
    const worker = await buildWorkerApp({ config: workerConfig, database: db, logger: false });
    await worker.ready();
    try {
      await expect
        .poll(async () => sample(await scrape(workerConfig.metrics.port), 'storepay_webhook_backlog_events'))
        .toBe(0);
      const text = await scrape(workerConfig.metrics.port);
      const processed = 'storepay_webhook_events_processed_total';
      expect(sample(text, processed, { type: 'payment_intent.processing', result: 'ignored' })).toBe(2);
      expect(sample(text, processed, { type: 'payment_intent.succeeded', result: 'processed' })).toBe(1);
      const lag = 'storepay_webhook_processing_lag_seconds_count';
      expect(sample(text, lag, { type: 'payment_intent.succeeded' })).toBe(1);
      // The dead event stays dead (it waits for a replay).
      expect(sample(text, 'storepay_webhook_dead_events')).toBe(1);
    } finally {
      await worker.close();
    }
  });
});
