import { Writable } from 'node:stream';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { signWebhookPayload } from '@storepay/payments-core/server';
import { stripeEvent } from '@storepay/payments-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { loadConfig } from '../config';
import { loggerOptions } from '../logger';

const CURRENT = 'whsec_current_secret_for_tests';
const PREVIOUS = 'whsec_previous_secret_for_tests';
/** Real-Stripe mode (no emulator registration), HTTP only: no in-process worker moves rows past `received`. */
const REAL_STRIPE = {
  STRIPE_SECRET_KEY: 'sk_test_receive',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_receive',
  API_MODE: 'http',
};

let sequence = 0;

/** A Stripe event as JSON text, the way Stripe sends it (indented: the signature covers the exact bytes). */
function eventJson(type: string, object: Record<string, unknown>, overrides: Record<string, unknown> = {}): string {
  sequence += 1;
  return JSON.stringify({ ...stripeEvent(type, object, { created: 1_795_000_000 + sequence }), ...overrides }, null, 2);
}

const paymentIntent = (id: string) => ({ id, object: 'payment_intent', amount: 1000, status: 'succeeded' });

describeEachDatabase('POST /webhooks/stripe on $name', ({ name }) => {
  let db: TestDatabase;
  let app: App;
  const logs: string[] = [];

  const deliver = (
    payload: string | Buffer,
    { secret = CURRENT, timestamp, signature }: { secret?: string; timestamp?: number; signature?: string | null } = {},
  ) => {
    const header = signature === undefined ? signWebhookPayload(String(payload), secret, timestamp) : signature;
    return app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        ...(header === null ? {} : { 'stripe-signature': header }),
      },
      payload,
    });
  };
  const inboxCount = () => db.prisma.webhookEvent.count();

  beforeAll(async () => {
    db = await createTestDatabase(name);
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    app = await buildApp({
      config: loadConfig({
        ...REAL_STRIPE,
        SEED_DEMO_CATALOG: 'false',
        STRIPE_WEBHOOK_SECRET: `${CURRENT},${PREVIOUS}`,
      }),
      database: db,
      logger: loggerOptions({ log: { level: 'info', format: 'json' } }, stream),
    });
  });

  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it('stores a signed event in the inbox with its facts and answers at once', async () => {
    const payload = eventJson('payment_intent.succeeded', paymentIntent('pi_valid'));
    const response = await deliver(payload);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: true, duplicate: false });
    // Stripe reads the answer, not a browser: our request id, but none of helmet's page headers.
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['content-security-policy']).toBeUndefined();
    const event = JSON.parse(payload);
    const row = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { stripeEventId: event.id } });
    expect(row).toMatchObject({
      type: 'payment_intent.succeeded',
      apiVersion: '2026-10-28.endive',
      livemode: false,
      objectId: 'pi_valid',
      paymentIntentId: 'pi_valid',
      stripeCreatedAt: new Date(event.created * 1000),
      payload: event,
      source: 'webhook',
      status: 'received',
      attempts: 0,
      processedAt: null,
    });

    const again = await deliver(payload);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ received: true, duplicate: true });
  });

  it('keeps one row when the same event arrives 20 times at once', async () => {
    const payload = eventJson('payment_intent.processing', paymentIntent('pi_concurrent'));
    const before = await inboxCount();
    const responses = await Promise.all(Array.from({ length: 20 }, () => deliver(payload)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    expect(responses.filter((r) => r.json().duplicate === false)).toHaveLength(1);
    expect(await inboxCount()).toBe(before + 1);
  });

  it('accepts every secret of a rotation', async () => {
    for (const secret of [CURRENT, PREVIOUS]) {
      const response = await deliver(eventJson('payment_intent.canceled', paymentIntent(`pi_${secret}`)), { secret });
      expect(response.statusCode).toBe(200);
    }
  });

  it('files refunds, charges and disputes under their PaymentIntent', async () => {
    const cases = [
      ['charge.refunded', { id: 'ch_1', object: 'charge', payment_intent: 'pi_charge' }, 'pi_charge'],
      ['refund.created', { id: 're_1', object: 'refund', payment_intent: 'pi_refund' }, 'pi_refund'],
      ['charge.refund.updated', { id: 're_2', object: 'refund', payment_intent: 'pi_refund' }, 'pi_refund'],
      ['charge.dispute.created', { id: 'dp_1', object: 'dispute', payment_intent: { id: 'pi_dispute' } }, 'pi_dispute'],
      ['refund.created', { id: 're_3', object: 'refund', payment_intent: null }, null],
    ] as const;
    for (const [type, object, paymentIntentId] of cases) {
      const payload = eventJson(type, object);
      expect((await deliver(payload)).statusCode).toBe(200);
      const row = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { stripeEventId: JSON.parse(payload).id } });
      expect({ objectId: row.objectId, paymentIntentId: row.paymentIntentId, status: row.status }).toEqual({
        objectId: object.id,
        paymentIntentId,
        status: 'received',
      });
    }
  });

  it('stores an event type it does not handle as ignored', async () => {
    const payload = eventJson('customer.created', { id: 'cus_1', object: 'customer' });
    expect((await deliver(payload)).json()).toEqual({ received: true, duplicate: false });
    const row = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { stripeEventId: JSON.parse(payload).id } });
    expect(row).toMatchObject({ type: 'customer.created', status: 'ignored', paymentIntentId: null });
  });

  it('refuses forged, stale, unsigned, malformed and oversized deliveries, counts each, and stays healthy', async () => {
    const before = await inboxCount();
    const rejected = async () => {
      await app.services.rejections.flush();
      const rows = await db.prisma.webhookRejectionCount.findMany();
      return rows.flatMap((row) => Array.from({ length: row.count }, () => row.reason)).sort();
    };
    expect(await rejected()).toEqual([]);
    const valid = eventJson('payment_intent.succeeded', paymentIntent('pi_forged'));
    const tampered = valid.replace('"amount": 1000', '"amount": 1');
    expect(tampered).not.toBe(valid);
    const cases: [string, () => ReturnType<typeof deliver>, number, string][] = [
      [
        'tampered body',
        () => deliver(tampered, { signature: signWebhookPayload(valid, CURRENT) }),
        400,
        'invalid_signature',
      ],
      ['wrong secret', () => deliver(valid, { secret: 'whsec_somebody_else' }), 400, 'invalid_signature'],
      ['stale', () => deliver(valid, { timestamp: Math.floor(Date.now() / 1000) - 301 }), 400, 'stale_timestamp'],
      ['missing header', () => deliver(valid, { signature: null }), 400, 'missing_signature'],
      ['garbage header', () => deliver(valid, { signature: 'nonsense' }), 400, 'invalid_signature'],
      ['non-JSON body', () => deliver('this is not json {'), 400, 'invalid_json'],
      ['JSON, not an event', () => deliver(JSON.stringify({ id: 'evt_1', hello: 'world' })), 400, 'not_an_event'],
      ['JSON array', () => deliver('[1,2,3]'), 400, 'not_an_event'],
      ['3 MB body', () => deliver(Buffer.alloc(3 * 1024 * 1024, 'a')), 413, 'payload_too_large'],
    ];
    for (const [label, send, status, code] of cases) {
      const response = await send();
      expect({ label, status: response.statusCode, body: response.json() }).toEqual({
        label,
        status,
        body: { error: { code, message: expect.any(String) } },
      });
    }
    expect(await inboxCount()).toBe(before);
    // Each refusal counted by its reason (per minute: one row per reason, however many refusals).
    expect(await rejected()).toEqual(cases.map(([, , , code]) => code).sort());
    expect(await db.prisma.webhookRejectionCount.count()).toBeLessThanOrEqual(2 * 5); // 5 reasons, a minute boundary
    expect((await app.inject('/health')).statusCode).toBe(200);
    expect((await deliver(eventJson('charge.succeeded', { id: 'ch_ok', object: 'charge' }))).statusCode).toBe(200);
    expect(await rejected()).toHaveLength(cases.length);
  });

  it('never logs bodies or secrets', async () => {
    await deliver('still not json {');
    await app.services.rejections.flush();
    const all = logs.join('');
    expect(all).toContain('refused webhook deliveries');
    expect(all).not.toMatch(/whsec_/);
    expect(all).not.toContain('pi_forged');
    expect(all).not.toContain('this is not json');
  });

  it('leaves the rest of the API on its JSON parser', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/checkout', payload: { items: [] } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
  });
});

describe('POST /webhooks/stripe without a secret outside demo mode', () => {
  let db: TestDatabase;
  let app: App;
  const logs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });
    app = await buildApp({
      config: loadConfig({ ...REAL_STRIPE, SEED_DEMO_CATALOG: 'false', WEBHOOK_BODY_LIMIT_BYTES: '1000' }),
      database: db,
      logger: loggerOptions({ log: { level: 'info', format: 'json' } }, stream),
    });
  });

  afterAll(async () => {
    await app.close();
    await db.destroy();
  });

  it('answers 503 webhooks_not_configured and warned at start', async () => {
    const payload = eventJson('payment_intent.succeeded', paymentIntent('pi_unconfigured'));
    const response = await app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': signWebhookPayload(payload, CURRENT) },
      payload,
    });
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('webhooks_not_configured');
    expect(await db.prisma.webhookEvent.count()).toBe(0);
    expect(logs.join('')).toContain('STRIPE_WEBHOOK_SECRET is not set');
  });

  it('applies the configured body limit', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      payload: 'x'.repeat(1001),
    });
    expect(response.statusCode).toBe(413);
    await app.services.rejections.flush();
    expect(await db.prisma.webhookRejectionCount.findMany({ select: { reason: true, count: true } })).toEqual([
      { reason: 'payload_too_large', count: 1 },
    ]);
  });
});
