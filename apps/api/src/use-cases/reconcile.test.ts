import { err, ok, paymentErrors, type StripeEventEnvelope } from '@storepay/payments-core';
import type { ListEventsInput, StripeEventSource } from '@storepay/payments-core/server';
import { paymentIntentEvent, testPayment } from '@storepay/payments-core/testing';
import { describe, expect, it } from 'vitest';
import { reconcile, runReconciliation } from './reconcile';
import { inMemoryStore } from './testing/in-memory-store';

function setup(log: StripeEventEnvelope[], { undelivered = [] as StripeEventEnvelope[] } = {}) {
  const store = inMemoryStore();
  const listings: ListEventsInput[] = [];
  let down = false;
  const stripeEvents: StripeEventSource = {
    async listEvents(input) {
      listings.push(input);
      if (down) return err(paymentErrors.stripeUnavailable({ reason: 'server_error', message: 'HTTP 500' }));
      const events = input.undeliveredOnly ? undelivered : log;
      return ok(events.filter((event) => event.created >= input.createdGte));
    },
  };
  const ports = {
    stripeEvents,
    webhookInbox: store.webhookInbox,
    reconciliationRuns: store.reconciliationRuns,
    drift: null,
    clock: store.clock,
    audit: store.audit,
  };
  return { store, ports, listings, takeDown: () => void (down = true) };
}

describe('reconcile', () => {
  it("puts the events the inbox lacks into it, oldest first, and continues from the run's cursor next time", async () => {
    const events: StripeEventEnvelope[] = [];
    const { ports, store, listings } = setup(events);
    const now = Math.floor(store.clock.now().getTime() / 1000);
    const payment = testPayment();
    events.push(
      paymentIntentEvent(payment, 'succeeded', now - 60),
      paymentIntentEvent(payment, 'processing', now - 120),
    );
    const first = await reconcile(ports);
    expect(first).toMatchObject({ ok: true, value: { eventsListed: 2, eventsInserted: 2, drift: [] } });
    expect([...store.state.inbox.values()].map((row) => [row.type, row.source])).toEqual([
      ['payment_intent.processing', 'reconciler'],
      ['payment_intent.succeeded', 'reconciler'],
    ]);
    expect(await reconcile(ports)).toMatchObject({ ok: true, value: { eventsInserted: 0 } });
    // The second run starts at the first's cursor, less the overlap.
    expect(listings[2]?.createdGte).toBe(now - 300);
  });

  it('also reads the events Stripe failed to deliver', async () => {
    const undelivered: StripeEventEnvelope[] = [];
    const { ports, listings, store } = setup([], { undelivered });
    const lost = paymentIntentEvent(testPayment(), 'succeeded', Math.floor(store.clock.now().getTime() / 1000) - 3600);
    undelivered.push(lost);
    expect(await reconcile(ports)).toMatchObject({ ok: true, value: { insertedEventIds: [lost.id] } });
    expect(listings.map((listing) => Boolean(listing.undeliveredOnly))).toEqual([false, true]);
  });

  it('stops between two steps when its process shuts down: a failed run, the cursor left for the next one', async () => {
    const events: StripeEventEnvelope[] = [];
    const { ports, store } = setup(events);
    const now = Math.floor(store.clock.now().getTime() / 1000);
    events.push(paymentIntentEvent(testPayment(), 'succeeded', now - 60));
    const closing = new AbortController();
    closing.abort();
    const stopped = await reconcile(ports, null, closing.signal);
    expect(stopped).toMatchObject({
      ok: false,
      error: { kind: 'reconciliation_failed', detail: expect.stringMatching(/shutting down/) },
    });
    expect(store.state.inbox.size).toBe(0);
    expect([...store.state.runs.values()].map((run) => run.status)).toEqual(['failed']);
    // The next run (no signal) finds everything the stopped one did not insert.
    expect(await reconcile(ports)).toMatchObject({ ok: true, value: { eventsInserted: 1 } });

    // Shut down while Stripe's log is being read: the listing is told, and nothing after it runs.
    const during = new AbortController();
    const listing = ports.stripeEvents.listEvents.bind(ports.stripeEvents);
    const signals: (AbortSignal | undefined)[] = [];
    ports.stripeEvents.listEvents = async (input) => {
      signals.push(input.signal);
      during.abort();
      return listing(input);
    };
    events.push(paymentIntentEvent(testPayment(), 'succeeded', now - 30));
    expect(await reconcile(ports, null, during.signal)).toMatchObject({ ok: false });
    expect(signals).toEqual([during.signal]);
    expect(store.state.inbox.size).toBe(1);
  });

  it('records a run that cannot read Stripe as failed, and an admin’s run is audited either way', async () => {
    const { ports, store, takeDown } = setup([]);
    const admin = { id: 'b0000000-0000-4000-8000-00000000000b', email: 'admin@shop.test', ip: '192.0.2.1' };
    expect(await runReconciliation(ports, admin)).toMatchObject({ ok: true, value: { status: 'succeeded' } });
    takeDown();
    expect(await runReconciliation(ports, admin)).toMatchObject({
      ok: false,
      error: { kind: 'reconciliation_failed' },
    });
    expect([...store.state.runs.values()].map((run) => run.status)).toEqual(['succeeded', 'failed']);
    expect(store.state.audit.map((entry) => entry.action)).toEqual(['reconciliation.run', 'reconciliation.failed']);
  });
});
