import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorControl } from '../control/client';
import type { RunningEmulator } from '../index';
import { startTestReceiver, type TestReceiver } from './test-receiver';
import { startTestEmulator } from '../test-kit';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** 100 000: Stripe's one-minute retry takes 0.6 ms, its 10 h retry 360 ms. */
const TIME_FACTOR = 100_000;

describe('webhook delivery', () => {
  let emulator: RunningEmulator;
  let stripe: Stripe;
  let control: EmulatorControl;
  const receivers: TestReceiver[] = [];
  const receiver = async (...args: Parameters<typeof startTestReceiver>) => {
    const started = await startTestReceiver(...args);
    receivers.push(started);
    return started;
  };

  beforeAll(async () => {
    ({ emulator, stripe, control } = await startTestEmulator({ timeFactor: TIME_FACTOR, webhookTimeoutMs: 300 }));
  });
  beforeEach(() => control.reset());
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(() => emulator.close());

  it('delivers signed events that stripe.webhooks.constructEvent verifies, only to subscribed, enabled endpoints', async () => {
    const all = await receiver();
    const onlyUpdates = await receiver();
    const disabled = await receiver();
    const a = await stripe.webhookEndpoints.create({ url: all.url, enabled_events: ['*'] });
    const b = await stripe.webhookEndpoints.create({ url: onlyUpdates.url, enabled_events: ['customer.updated'] });
    const c = await stripe.webhookEndpoints.create({ url: disabled.url, enabled_events: ['*'] });
    await stripe.webhookEndpoints.update(c.id, { disabled: true });

    const customer = await stripe.customers.create({ email: 'hook@example.com' });
    await stripe.customers.update(customer.id, { name: 'Hook' });
    await all.waitFor(2);
    await onlyUpdates.waitFor(1);

    const verified = all.received.map((r) =>
      stripe.webhooks.constructEvent(r.rawBody, r.headers['stripe-signature'] as string, a.secret!),
    );
    expect(verified.map((e) => e.type).sort()).toEqual(['customer.created', 'customer.updated']);
    const created = verified.find((e) => e.type === 'customer.created')!;
    expect(created.data.object.id).toBe(customer.id);
    // The body is the event as GET /v1/events/:id shows it (pending_webhooks was 1 while it was being sent).
    const stored = await stripe.events.retrieve(created.id);
    expect(created).toEqual({ ...stored, pending_webhooks: 1 });
    expect(stored.pending_webhooks).toBe(0);

    const request = all.received[0]!;
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
    expect(request.headers['stripe-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const [update] = onlyUpdates.received;
    expect(
      stripe.webhooks.constructEvent(update!.rawBody, update!.headers['stripe-signature'] as string, b.secret!).type,
    ).toBe('customer.updated');
    // Another endpoint's secret does not verify it.
    expect(() =>
      stripe.webhooks.constructEvent(update!.rawBody, update!.headers['stripe-signature'] as string, a.secret!),
    ).toThrow(/No signatures found matching the expected signature/);
    await sleep(50);
    expect(onlyUpdates.received).toHaveLength(1);
    expect(disabled.received).toHaveLength(0);
  });

  it('answers the API call without waiting for the receiver', async () => {
    const slow = await receiver(() => 'hang');
    await stripe.webhookEndpoints.create({ url: slow.url, enabled_events: ['*'] });
    const started = Date.now();
    await stripe.customers.create({ email: 'fast@example.com' });
    expect(Date.now() - started).toBeLessThan(200);
    await slow.waitFor(1);
  });

  it('retries a receiver that fails three times and delivers on the fourth attempt, recording every attempt', async () => {
    const flaky = await receiver((_request, index) => (index < 3 ? { status: 500, body: `boom ${index}` } : 200));
    const endpoint = await stripe.webhookEndpoints.create({ url: flaky.url, enabled_events: ['customer.created'] });
    const customer = await stripe.customers.create({ email: 'retry@example.com' });
    const [event] = (await stripe.events.list({ type: 'customer.created' })).data;
    expect(event!.pending_webhooks).toBe(1);

    await flaky.waitFor(4);
    const ids = flaky.received.map(
      (r) => stripe.webhooks.constructEvent(r.rawBody, r.headers['stripe-signature'] as string, endpoint.secret!).id,
    );
    expect(ids).toEqual([event!.id, event!.id, event!.id, event!.id]);
    await sleep(20);

    const attempts = await control.webhookAttempts({ event: event!.id });
    expect(attempts.map((a) => [a.attempt, a.status, a.succeeded, a.nextRetryInSeconds])).toEqual([
      [1, 500, false, 60],
      [2, 500, false, 300],
      [3, 500, false, 1800],
      [4, 200, true, null],
    ]);
    expect(attempts[0]).toMatchObject({
      event: event!.id,
      eventType: 'customer.created',
      endpoint: endpoint.id,
      url: flaky.url,
      responseBody: 'boom 0',
      error: 'HTTP 500',
    });
    expect(attempts[3]).toMatchObject({ responseBody: 'status 200', error: null, nextAttemptAt: null });
    expect(new Set(attempts.map((a) => a.delivery)).size).toBe(1);
    for (const [i, attempt] of attempts.entries()) {
      expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
      expect(attempt.startedAt).toBeGreaterThanOrEqual(attempt.scheduledAt - 1);
      if (i > 0) expect(attempt.startedAt).toBeGreaterThanOrEqual(attempts[i - 1]!.startedAt);
    }
    // Attempt 4 waited 30 min of Stripe time: 18 ms at this time factor.
    expect(attempts[3]!.startedAt - attempts[2]!.startedAt).toBeGreaterThanOrEqual(17);
    expect((await stripe.events.retrieve(event!.id)).pending_webhooks).toBe(0);
    expect(await control.webhookAttempts({ endpoint: endpoint.id })).toHaveLength(4);
    expect(await control.webhookAttempts({ endpoint: 'we_other' })).toHaveLength(0);
    expect(customer.id).toMatch(/^cus_/);
  });

  it('filters events by delivery_success: true when every endpoint got it, false while pending or failed', async () => {
    const ok = await receiver(() => 200);
    const failing = await receiver(() => 503);
    await stripe.webhookEndpoints.create({ url: ok.url, enabled_events: ['*'] });
    await stripe.webhookEndpoints.create({ url: failing.url, enabled_events: ['customer.updated'] });
    const customer = await stripe.customers.create({ email: 'ds@example.com' });
    await stripe.customers.update(customer.id, { name: 'DS' });
    await ok.waitFor(2);
    await failing.waitFor(2);
    await sleep(20);
    const types = async (delivery_success: boolean) =>
      (await stripe.events.list({ delivery_success })).data.map((e) => [e.type, e.pending_webhooks]);
    expect(await types(true)).toEqual([['customer.created', 0]]);
    expect(await types(false)).toEqual([['customer.updated', 1]]);
  });

  it('counts a timeout and a refused connection as failures and retries them', async () => {
    const slowOnce = await receiver((_request, index) => (index === 0 ? 'hang' : 200));
    await stripe.webhookEndpoints.create({ url: slowOnce.url, enabled_events: ['customer.created'] });
    const closed = await startTestReceiver();
    await closed.close();
    await stripe.webhookEndpoints.create({ url: closed.url, enabled_events: ['customer.created'] });
    await stripe.customers.create({ email: 'timeout@example.com' });
    await slowOnce.waitFor(2, 3_000);
    await sleep(30);
    const attempts = await control.webhookAttempts();
    const toSlow = attempts.filter((a) => a.url === slowOnce.url);
    expect(toSlow.map((a) => [a.status, a.error])).toEqual([
      [null, 'Timed out after 300 ms'],
      [200, null],
    ]);
    expect(toSlow[0]!.durationMs).toBeGreaterThanOrEqual(295);
    const toClosed = attempts.filter((a) => a.url === closed.url);
    expect(toClosed.length).toBeGreaterThanOrEqual(2);
    expect(toClosed[0]).toMatchObject({ status: null, succeeded: false });
    expect(toClosed[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('stops retrying when the endpoint is disabled or deleted', async () => {
    let endpointId = '';
    const disabling = await receiver(async () => {
      await stripe.webhookEndpoints.update(endpointId, { disabled: true });
      return 500;
    });
    endpointId = (await stripe.webhookEndpoints.create({ url: disabling.url, enabled_events: ['customer.created'] }))
      .id;
    let otherId = '';
    const deleting = await receiver(async () => {
      await stripe.webhookEndpoints.del(otherId);
      return 500;
    });
    otherId = (await stripe.webhookEndpoints.create({ url: deleting.url, enabled_events: ['customer.created'] })).id;
    await stripe.customers.create({ email: 'stop@example.com' });
    await disabling.waitFor(1);
    await deleting.waitFor(1);
    // The first four retries (1 min to 5 h of Stripe time) would all have happened within 280 ms.
    await sleep(350);
    expect(disabling.received).toHaveLength(1);
    expect(deleting.received).toHaveLength(1);
    const [event] = (await stripe.events.list({ delivery_success: false })).data;
    expect(event).toMatchObject({ type: 'customer.created', pending_webhooks: 2 });
  });
});

describe("webhook retry schedule's end", () => {
  it("gives up after twelve attempts over Stripe's three days; the event stays undelivered", async () => {
    // One million: the whole 67.6 h schedule takes 0.24 s.
    const { emulator, stripe, control } = await startTestEmulator({ timeFactor: 1_000_000 });
    const down = await startTestReceiver(() => 500);
    try {
      await stripe.webhookEndpoints.create({ url: down.url, enabled_events: ['*'] });
      await stripe.customers.create({ email: 'down@example.com' });
      await down.waitFor(12, 5_000);
      await sleep(150);
      expect(down.received).toHaveLength(12);
      const attempts = await control.webhookAttempts();
      expect(attempts.map((a) => a.nextRetryInSeconds)).toEqual([
        60,
        300,
        1800,
        7200,
        18000,
        36000,
        36000,
        36000,
        36000,
        36000,
        36000,
        null,
      ]);
      expect(attempts.at(-1)!.nextAttemptAt).toBeNull();
      expect((await control.state()).pendingDeliveries).toBe(0);
      expect((await stripe.events.list({ delivery_success: false })).data).toHaveLength(1);
    } finally {
      await down.close();
      await emulator.close();
    }
  });
});
