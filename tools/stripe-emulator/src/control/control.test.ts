import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../index';
import { startTestReceiver } from '../webhooks/test-receiver';
import { ControlApiError, EmulatorControl } from './client';
import { startTestEmulator } from '../test-kit';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('control API', () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  const stripeWith = (options: Partial<Stripe.StripeConfig> = {}) =>
    new Stripe('sk_test_emulator', {
      host: '127.0.0.1',
      port: emulator.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      ...options,
    });

  beforeAll(async () => {
    ({ emulator, control } = await startTestEmulator({ timeFactor: 100_000 }));
  });
  beforeEach(() => control.reset());
  afterAll(() => emulator.close());

  describe('API faults', () => {
    it('rate_limit answers 429 like Stripe; stripe-node does not retry it, a retry with the same key succeeds once', async () => {
      const stripe = stripeWith({ maxNetworkRetries: 2 });
      const rule = await control.addFault({ method: 'POST', path: '/v1/customers', action: 'rate_limit', count: 2 });
      expect(rule).toMatchObject({
        method: 'POST',
        path: '/v1/customers',
        action: { kind: 'rate_limit' },
        remaining: 2,
      });
      // stripe-node retries a 429 only when Stripe sends `Stripe-Should-Retry: true` (lock timeouts), not rate limits.
      const create = () => stripe.customers.create({ email: 'rl@example.com' }, { idempotencyKey: 'rl-1' });
      await expect(create()).rejects.toMatchObject({
        type: 'StripeRateLimitError',
        statusCode: 429,
        code: 'rate_limit',
      });
      expect((await control.faults())[0]).toMatchObject({ remaining: 1, hits: 1 });
      await expect(create()).rejects.toMatchObject({ statusCode: 429 });
      const customer = await create();
      expect((await create()).id).toBe(customer.id);
      expect((await stripe.customers.list()).data.map((c) => c.id)).toEqual([customer.id]);
      expect(await control.faults()).toEqual([]);
    });

    it('server_error answers 500 api_error; stripe-node retries it with the same idempotency key, creating one customer', async () => {
      await control.addFault({ method: 'POST', path: '/v1/customers', action: 'server_error', count: 1 });
      await expect(stripeWith().customers.create({ email: 'e@example.com' })).rejects.toMatchObject({
        type: 'StripeAPIError',
        statusCode: 500,
        rawType: 'api_error',
      });

      const retrying = stripeWith({ maxNetworkRetries: 2 });
      const keys: Array<string | undefined> = [];
      retrying.on('request', (event: { idempotency_key?: string }) => keys.push(event.idempotency_key));
      await control.addFault({ method: 'POST', path: '/v1/customers', action: 'server_error', count: 2 });
      const customer = await retrying.customers.create({ email: 'retried@example.com' });
      expect(keys).toHaveLength(3);
      expect(new Set(keys).size).toBe(1);
      expect((await retrying.customers.list()).data.map((c) => c.id)).toEqual([customer.id]);
    });

    it('timeout never answers, so stripe-node fails with StripeConnectionError', async () => {
      await control.addFault({ method: 'POST', path: '/v1/customers', action: 'timeout', count: 1 });
      const started = Date.now();
      await expect(stripeWith({ timeout: 500 }).customers.create({ email: 't@example.com' })).rejects.toMatchObject({
        type: 'StripeConnectionError',
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect(await control.faults()).toEqual([]);
    });

    it('delay answers late; rules match method and path (with a * prefix) only', async () => {
      const stripe = stripeWith();
      const customer = await stripe.customers.create({ email: 'd@example.com' });
      // A long delay against a generous bound: a loaded machine cannot blur the two apart.
      await control.addFault({ method: 'GET', path: '/v1/customers/*', action: 'delay', delayMs: 2000, count: 1 });
      let started = Date.now();
      await stripe.customers.list();
      expect(Date.now() - started).toBeLessThan(1500);
      started = Date.now();
      expect((await stripe.customers.retrieve(customer.id)).id).toBe(customer.id);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1990);
    });

    it('affects only a share of the matching calls with probability, which the others do not count', async () => {
      await control.addFault({
        method: 'GET',
        path: '/v1/customers',
        action: 'server_error',
        count: 1000,
        probability: 0.25,
      });
      const client = stripeWith();
      let failed = 0;
      for (let i = 0; i < 200; i++) {
        await client.customers.list().catch(() => (failed += 1));
      }
      const [rule] = await control.faults();
      // Each call faults with probability 0.25: far from none and from all, and exactly those calls failed.
      expect(rule!.hits).toBeGreaterThan(20);
      expect(rule!.hits).toBeLessThan(120);
      expect(rule!.remaining).toBe(1000 - rule!.hits);
      expect(failed).toBe(rule!.hits);
      await expect(control.addFault({ path: '/v1/customers', action: 'server_error', probability: 0 })).rejects.toThrow(
        /probability must be a number above 0 and at most 1/,
      );
    });

    it('lists and clears API faults', async () => {
      await control.addFault({ path: '/v1/customers', action: 'server_error', count: 3 });
      expect(await control.faults()).toEqual([
        expect.objectContaining({ method: '*', path: '/v1/customers', remaining: 3, hits: 0 }),
      ]);
      expect(await control.clearFaults()).toEqual({ deleted: 1 });
      expect(await stripeWith().customers.list()).toMatchObject({ object: 'list' });
    });
  });

  it('reset clears objects, events, idempotency keys, faults, webhook faults, attempts and scheduled retries', async () => {
    const stripe = stripeWith();
    const failing = await startTestReceiver(() => 500);
    try {
      await stripe.webhookEndpoints.create({ url: failing.url, enabled_events: ['*'] });
      await stripe.customers.create({ email: 'before@example.com' }, { idempotencyKey: 'reset-key' });
      await control.addFault({ path: '/v1/payment_intents', action: 'rate_limit', count: 5 });
      await control.addWebhookFault({ action: 'drop', count: 5 });
      await control.advanceClock(86_400);
      await failing.waitFor(2);
      const before = await control.state();
      expect(before.objects).toEqual({ webhook_endpoint: 1, customer: 1, event: 1 });
      // stripe-node sends an idempotency key with every POST: one for the endpoint, one for the customer.
      expect(before).toMatchObject({ faults: 1, webhookFaults: 1, idempotencyKeys: 2, offsetSeconds: 86_400 });

      expect(await control.reset()).toEqual({ reset: true });
      const received = failing.received.length;
      await sleep(400);
      expect(failing.received.length).toBe(received);
      expect(await control.state()).toMatchObject({
        objects: {},
        faults: 0,
        webhookFaults: 0,
        webhookAttempts: 0,
        pendingDeliveries: 0,
        idempotencyKeys: 0,
        offsetSeconds: 0,
      });
      expect(await control.webhookAttempts()).toEqual([]);
      expect((await stripe.events.list()).data).toEqual([]);
      // The idempotency key is free again for other parameters.
      const again = await stripe.customers.create({ email: 'after@example.com' }, { idempotencyKey: 'reset-key' });
      expect(again.email).toBe('after@example.com');
    } finally {
      await failing.close();
    }
  });

  it('advances the clock, which dates new objects and events', async () => {
    const stripe = stripeWith();
    const before = await stripe.customers.create({});
    const { now, offsetSeconds } = await control.advanceClock(7 * 86_400);
    expect(offsetSeconds).toBe(7 * 86_400);
    expect(now).toBeGreaterThanOrEqual(before.created + 7 * 86_400);
    const after = await stripe.customers.create({});
    expect(after.created - before.created).toBeGreaterThanOrEqual(7 * 86_400);
    expect((await stripe.events.list()).data[0]!.created).toBe(after.created);
  });

  it('needs no API key, answers errors as {error: {message}} with 400/404, and is not under /v1', async () => {
    const raw = async (method: string, path: string, body?: string, type = 'application/json') => {
      const response = await fetch(`${emulator.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': type },
        body,
      });
      return [response.status, await response.json()] as const;
    };
    expect(await raw('POST', '/_emulator/reset', '')).toEqual([200, { reset: true }]);
    expect(await raw('POST', '/_emulator/faults', '{"path": "/v1/x", "action": "explode"}')).toEqual([
      400,
      { error: { message: 'action must be one of rate_limit, server_error, timeout, delay, got "explode".' } },
    ]);
    expect(await raw('POST', '/_emulator/faults', '{"action": "timeout"}')).toEqual([
      400,
      { error: { message: 'path is required.' } },
    ]);
    expect(await raw('POST', '/_emulator/faults', '{"path": "/other", "action": "timeout"}')).toEqual([
      400,
      { error: { message: 'path must start with /v1/, got "/other".' } },
    ]);
    expect(await raw('POST', '/_emulator/faults', '{"path": "/v1/customers", "action": "delay"}')).toEqual([
      400,
      { error: { message: 'delayMs is required for action "delay".' } },
    ]);
    expect(await raw('POST', '/_emulator/faults', '{not json')).toEqual([
      400,
      { error: { message: 'The body is not valid JSON.' } },
    ]);
    expect(await raw('POST', '/_emulator/clock/advance', '{"seconds": -5}')).toEqual([
      400,
      { error: { message: 'seconds must be an integer >= 0, got -5.' } },
    ]);
    // Form bodies work too (curl -d).
    expect(await raw('POST', '/_emulator/clock/advance', 'seconds=60', 'application/x-www-form-urlencoded')).toEqual([
      200,
      expect.objectContaining({ offsetSeconds: 60 }),
    ]);
    expect(await raw('GET', '/_emulator/nothing')).toEqual([
      404,
      { error: { message: 'Unknown control route: GET /_emulator/nothing' } },
    ]);
    const [status, body] = await raw('GET', '/v1/_emulator/state');
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { type: 'invalid_request_error' } });
    await expect(control.request('DELETE', '/reset')).rejects.toBeInstanceOf(ControlApiError);
  });
});
