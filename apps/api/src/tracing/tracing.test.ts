// Traces, read from the in-memory exporter: a checkout's request span continues the caller's trace and holds its
// database and Stripe spans, with the order and PaymentIntent ids; the worker's span for the webhook event that pays
// the order carries the same ids and the Stripe request id that ties it back; log lines name their trace.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { seedCatalog } from '@storepay/db';
import { createTestDatabase, type TestDatabase } from '@storepay/db/testing';
import { signedDelivery } from '@storepay/payments-core/testing';
import { startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { emulatorStripe } from '../admin/test-kit';
import { loadConfig, type Config } from '../config';
import { loggerOptions } from '../logger';
import { buildWorkerApp } from '../webhooks/worker-app';
import { startTracing, type Tracing } from './tracing';

const SECRET = `whsec_${randomBytes(24).toString('hex')}`;
const TRACE_ID = randomBytes(16).toString('hex');
const PARENT_SPAN_ID = randomBytes(8).toString('hex');

/** Log lines as JSON objects, written by the app's own logger configuration. */
function logSink() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as never);
      done();
    },
  });
  return { lines, stream };
}

describe('tracing', () => {
  // Tracing is off without an endpoint: nothing is instrumented (asked before it is started for the tests).
  let off: Tracing | null | undefined;
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let db: TestDatabase;
  let emulator: RunningEmulator;
  let config: Config;
  let app: App;
  const logs = logSink();

  const spans = () => exporter.getFinishedSpans();
  const attribute = (span: ReadableSpan, name: string) => span.attributes[name];

  beforeAll(async () => {
    off = await startTracing({ serviceName: 'storepay-api' });
    tracing = (await startTracing({ serviceName: 'storepay-test', exporter }))!;
    db = await createTestDatabase('pglite');
    await seedCatalog(db);
    emulator = await startEmulator();
    config = loadConfig({
      SEED_DEMO_CATALOG: 'false',
      RECONCILE_INTERVAL_MS: '0',
      STRIPE_API_BASE: emulator.url,
      STRIPE_WEBHOOK_SECRET: SECRET,
      API_MODE: 'http',
      LOG_LEVEL: 'debug',
    });
    app = await buildApp({ config, database: db, logger: loggerOptions(config, logs.stream), tracing });
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    await emulator.close();
    await db.destroy();
  });

  it('is off, instrumenting nothing, when no OTLP endpoint is set', () => {
    expect(off).toBeNull();
  });

  it('traces a checkout from the caller’s traceparent through PostgreSQL to Stripe, and then the webhook event that pays it', async () => {
    const productId = (await app.inject('/api/products')).json<{ products: { id: string }[] }>().products[0]!.id;
    const checkout = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      headers: { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01` },
      payload: { items: [{ productId, quantity: 1 }], currency: 'usd', email: 'traced@example.com' },
    });
    expect(checkout.statusCode).toBe(201);
    const { orderId, paymentIntentId } = checkout.json<{ orderId: string; paymentIntentId: string }>();

    const ofCheckout = spans().filter((span) => span.spanContext().traceId === TRACE_ID);
    const server = ofCheckout.find((span) => span.kind === SpanKind.SERVER)!;
    expect(server).toBeDefined();
    expect(server.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
    expect(attribute(server, 'http.route')).toBe('/api/checkout');
    // The order and the PaymentIntent on the request's own spans.
    expect(ofCheckout.find((span) => attribute(span, 'stripe.payment_intent_id') === paymentIntentId)).toBeDefined();
    expect(ofCheckout.find((span) => attribute(span, 'storepay.order_id') === orderId)).toBeDefined();
    // PostgreSQL, through Prisma, in the same trace.
    expect(ofCheckout.some((span) => span.name.startsWith('prisma:') && span.name.includes('db_query'))).toBe(true);
    // The call to Stripe, with Stripe's id of the request.
    const create = ofCheckout.find((span) => span.name === 'stripe POST /v1/payment_intents')!;
    expect(create.kind).toBe(SpanKind.CLIENT);
    expect(attribute(create, 'http.response.status_code')).toBe(200);
    const stripeRequestId = attribute(create, 'stripe.request_id');
    expect(stripeRequestId).toMatch(/^req_/);

    // The log line of the moment names the trace.
    const created = logs.lines.find((line) => line.msg === 'payment created')!;
    expect(created).toMatchObject({ level: 30, orderId, paymentIntentId, trace_id: TRACE_ID });
    expect(JSON.stringify(created)).not.toMatch(/secret/i);

    // The shopper pays; Stripe's payment_intent.succeeded arrives and a worker applies it.
    const stripe = emulatorStripe(emulator);
    await stripe.paymentIntents.confirm(paymentIntentId, {
      payment_method: 'pm_card_visa',
      return_url: 'https://shop.example/return',
    });
    const events = await stripe.events.list({ type: 'payment_intent.succeeded', limit: 10 });
    const succeeded = events.data.find((event) => (event.data.object as { id: string }).id === paymentIntentId)!;
    const { body, headers } = await signedDelivery(succeeded, SECRET);
    expect((await app.inject({ method: 'POST', url: '/webhooks/stripe', payload: body, headers })).statusCode).toBe(
      200,
    );
    const worker = await buildWorkerApp({
      config: { ...config, mode: 'worker' },
      database: db,
      logger: loggerOptions(config, logs.stream),
      tracing,
    });
    await worker.ready();
    try {
      await expect
        .poll(() => spans().find((span) => span.name === 'webhook payment_intent.succeeded'), { timeout: 20_000 })
        .toBeDefined();
    } finally {
      await worker.close();
    }
    const applied = spans().find((span) => span.name === 'webhook payment_intent.succeeded')!;
    expect(applied.attributes).toMatchObject({
      'stripe.event_id': succeeded.id,
      'stripe.payment_intent_id': paymentIntentId,
      'storepay.order_id': orderId,
      'webhook.result': 'processed',
    });
    // The request that caused the event (the confirmation) is named by Stripe's id, as on a Stripe span.
    expect(attribute(applied, 'stripe.request_id')).toBe(succeeded.request?.id);
    // Its transaction's span is its parent, and the transaction's SQL are children of that.
    const transaction = spans().find((span) => span.spanContext().spanId === applied.parentSpanContext?.spanId)!;
    expect(transaction.name).toBe('webhook apply');
    const traceId = applied.spanContext().traceId;
    expect(spans().some((span) => span.spanContext().traceId === traceId && span.name.startsWith('prisma:'))).toBe(
      true,
    );
    const paid = logs.lines.find((line) => line.msg === 'payment paid')!;
    expect(paid).toMatchObject({ level: 30, orderId, paymentIntentId, trace_id: traceId, orderStatus: 'paid' });
  });

  it('marks a throttled Stripe attempt as an error span and logs it at warn', async () => {
    await fetch(`${emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'POST', path: '/v1/payment_intents', action: 'rate_limit', count: 1 }),
    });
    const productId = (await app.inject('/api/products')).json<{ products: { id: string }[] }>().products[0]!.id;
    const checkout = await app.inject({
      method: 'POST',
      url: '/api/checkout',
      payload: { items: [{ productId, quantity: 1 }], currency: 'usd', email: 'throttled@example.com' },
    });
    expect(checkout.statusCode).toBe(201); // the SDK's retry, with the same idempotency key, went through
    const attempts = spans().filter(
      (span) => span.name === 'stripe POST /v1/payment_intents' && attribute(span, 'stripe.outcome') !== 'ok',
    );
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.status.code).toBe(2); // ERROR
    const retried = spans().filter((span) => attribute(span, 'stripe.retry_of') === 'rate_limited');
    expect(retried).toHaveLength(1);
    const warned = logs.lines.find((line) => line.msg === 'Stripe rate-limited a request')!;
    expect(warned).toMatchObject({ level: 40, stripeOperation: 'POST /v1/payment_intents', status: 429 });
    expect(warned.trace_id).toBe(attempts[0]!.spanContext().traceId);
  });
});
