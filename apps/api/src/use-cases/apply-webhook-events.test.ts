import { webhookEventFacts, type StripeEventEnvelope } from '@storepay/payments-core';
import {
  paymentIntentEvent,
  stripeCharge,
  stripeEvent,
  testPayment,
  type TestPayment,
} from '@storepay/payments-core/testing';
import { describe, expect, it } from 'vitest';
import { applyWebhookEvents } from './apply-webhook-events';
import { inMemoryStore } from './testing/in-memory-store';

const T0 = 1_790_000_000;

function setup({ maxAttempts = 3 } = {}) {
  const store = inMemoryStore();
  const ports = {
    paymentTransactions: store.paymentTransactions,
    webhookProcessing: store.webhookProcessing,
    clock: store.clock,
    retry: { maxAttempts, baseDelayMs: 1000, maxDelayMs: 60_000 },
    random: () => 0,
  };
  /** An order with its payment recorded at checkout, as the worker finds them. */
  const order = (): TestPayment => {
    const row = store.addOrder({ amount: 4200 });
    const payment = testPayment({ orderId: row.id });
    store.addPayment({ orderId: row.id, paymentIntentId: payment.paymentIntentId, amount: 4200 });
    return payment;
  };
  async function receive(...events: StripeEventEnvelope[]) {
    for (const event of events) {
      const { handled, ...facts } = webhookEventFacts(event);
      await store.webhookInbox.insert({
        ...facts,
        payload: event,
        source: 'webhook',
        status: handled ? 'received' : 'ignored',
      });
    }
  }
  const claim = () => store.webhookProcessing.claim({ workerId: 'w1', limit: 50, leaseMs: 60_000 });
  const inboxOf = (event: StripeEventEnvelope) =>
    [...store.state.inbox.values()].find((row) => row.stripeEventId === event.id)!;
  return { store, ports, order, receive, claim, inboxOf, apply: async () => applyWebhookEvents(ports, await claim()) };
}

describe('applyWebhookEvents', () => {
  it('applies a batch in one transaction: the order paid, its card, one fulfilment, every event marked', async () => {
    const { order, receive, apply, store, inboxOf } = setup();
    const [a, b] = [order(), order()];
    const events = [
      paymentIntentEvent(a, 'succeeded', T0),
      stripeEvent('charge.succeeded', stripeCharge(a), { created: T0 }),
      paymentIntentEvent(b, 'succeeded', T0 + 1),
    ];
    await receive(...events);
    expect((await apply()).map((result) => result.status)).toEqual(['processed', 'processed', 'processed']);
    for (const payment of [a, b]) expect(store.state.orders.get(payment.orderId)?.status).toBe('paid');
    expect(store.state.outbox.size).toBe(2);
    expect(events.map((event) => inboxOf(event).status)).toEqual(['processed', 'processed', 'processed']);
  });

  it("keeps a malformed event from undoing the batch's others, and schedules its retry with backoff", async () => {
    const { order, receive, apply, store, inboxOf } = setup();
    const [good, broken] = [order(), order()];
    const bad = paymentIntentEvent(broken, 'succeeded', T0, { status: 'not-a-status' });
    await receive(paymentIntentEvent(good, 'succeeded', T0), bad);
    const results = await apply();
    expect(results.map((result) => result.status)).toEqual(['processed', 'failed']);
    expect(results[1]).toMatchObject({ retryInMs: 500, error: expect.stringContaining('not-a-status') });
    expect(inboxOf(bad)).toMatchObject({
      status: 'failed',
      nextAttemptAt: new Date(store.clock.now().getTime() + 500),
    });
    expect(store.state.orders.get(good.orderId)?.status).toBe('paid');
    expect(store.state.orders.get(broken.orderId)?.status).toBe('pending');
  });

  it('gives up after the last attempt: the event is dead with its error', async () => {
    const { order, receive, apply, store, inboxOf } = setup({ maxAttempts: 2 });
    const bad = paymentIntentEvent(order(), 'succeeded', T0, { status: 'not-a-status' });
    await receive(bad);
    expect((await apply())[0]?.status).toBe('failed');
    store.clock.advance(60_000);
    expect(await apply()).toMatchObject([{ status: 'dead', error: expect.stringContaining('MalformedEventError') }]);
    expect(inboxOf(bad)).toMatchObject({ status: 'dead', attempts: 2 });
  });

  it('commits nothing for an event whose claim another worker took over, and applies the rest', async () => {
    const { order, receive, claim, ports, store, inboxOf } = setup();
    const [taken, kept] = [order(), order()];
    const events = [paymentIntentEvent(taken, 'succeeded', T0), paymentIntentEvent(kept, 'succeeded', T0 + 1)];
    await receive(...events);
    const claimed = await claim();
    Object.assign(inboxOf(events[0]!), { lockedBy: 'w2', attempts: 2 });
    expect((await applyWebhookEvents(ports, claimed)).map((result) => result.status)).toEqual(['lost', 'processed']);
    expect(store.state.orders.get(taken.orderId)?.status).toBe('pending');
    expect(store.state.outbox.has(`order-paid:${taken.orderId}`)).toBe(false);
    expect(store.state.orders.get(kept.orderId)?.status).toBe('paid');
  });

  it('ignores a type the pipeline does not handle, and an event of no order of ours', async () => {
    const { receive, apply } = setup();
    await receive(
      stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }),
      paymentIntentEvent(testPayment({ orderId: '00000000-0000-4000-8000-000000000000' }), 'succeeded', T0),
    );
    expect((await apply()).map((result) => result.status)).toEqual(['ignored']);
  });
});
