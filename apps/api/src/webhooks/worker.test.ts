import { stripeCharge } from '@storepay/payments-core/testing';
import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { useTestDatabase } from '../test-support';
import { createWebhookWorker } from './worker';
import { buildWorkerApp } from './worker-app';
import {
  T0,
  createPaymentFixture,
  envelope,
  insertInboxEvent,
  nextId,
  paymentIntentEvent,
  permutations,
  workerPorts,
  paymentIntentObject,
  type PaymentFixture,
  type PaymentIntentStatus,
  type StripeEnvelope,
} from './test-events';

/** The succeeded card charge (Visa 4242) of the fixture's PaymentIntent. */
const chargeObject = (fixture: PaymentFixture, chargeId: string) => stripeCharge({ ...fixture, chargeId });

const piEvent = paymentIntentEvent;

/** A card payment's five events from 3D Secure to success, the last two created in the same second. */
function paymentLifecycle(fixture: PaymentFixture, start: number) {
  const chargeId = nextId('ch');
  return [
    piEvent(fixture, 'requires_action', start),
    piEvent(fixture, 'requires_payment_method', start + 1),
    piEvent(fixture, 'processing', start + 2, chargeId),
    envelope(nextId('evt'), 'charge.succeeded', start + 3, chargeObject(fixture, chargeId)),
    piEvent(fixture, 'succeeded', start + 3, chargeId),
  ];
}

describeEachDatabase('the webhook worker on $name', ({ name }) => {
  const database = useTestDatabase(name);
  let prisma: TestDatabase['prisma'];
  beforeAll(() => {
    prisma = database.db.prisma;
  });

  const createFixture = () => createPaymentFixture(prisma);
  /** Inserts an event as the receive endpoint does; answers its Stripe id. */
  async function insert(event: StripeEnvelope, extra: Record<string, unknown> = {}) {
    await insertInboxEvent(prisma, event, extra);
    return event.id;
  }

  const ports = (maxAttempts = 8) => workerPorts(database.db, maxAttempts);
  const worker = (maxAttempts = 8) => createWebhookWorker({ ...ports(maxAttempts), pollIntervalMs: 10 });
  const drain = () => worker().runUntilIdle();

  const eventRow = (stripeEventId: string) => prisma.webhookEvent.findUniqueOrThrow({ where: { stripeEventId } });
  const outboxOf = (orderId: string) => prisma.outboxMessage.findMany({ where: { orderId } });
  const paymentOf = (fixture: PaymentFixture) =>
    prisma.payment.findUniqueOrThrow({ where: { stripePaymentIntentId: fixture.paymentIntentId } });
  const orderOf = (fixture: PaymentFixture) => prisma.order.findUniqueOrThrow({ where: { id: fixture.orderId } });

  /** The payment's Stripe-derived facts (without our ids and timestamps of our own). */
  async function paymentFacts(fixture: PaymentFixture) {
    const { id, orderId, stripePaymentIntentId, createdAt, updatedAt, version, ...facts } = await paymentOf(fixture);
    void [id, orderId, stripePaymentIntentId, createdAt, updatedAt, version];
    return { ...facts, lastStripeEventId: facts.lastStripeEventId ? 'set' : null };
  }

  it('pays the order, records its card, and records its fulfilment exactly once', async () => {
    const fixture = await createFixture();
    const chargeId = nextId('ch');
    const ids = [
      await insert(piEvent(fixture, 'requires_action', T0)),
      await insert(envelope(nextId('evt'), 'charge.succeeded', T0 + 5, chargeObject(fixture, chargeId))),
      await insert(piEvent(fixture, 'succeeded', T0 + 5, chargeId)),
      await insert(envelope(nextId('evt'), 'customer.created', T0 + 6, { id: 'cus_1', object: 'customer' })),
    ];
    expect(await drain()).toBe(4);

    const rows = await Promise.all(ids.map(eventRow));
    expect(rows.map((row) => row.status)).toEqual(['processed', 'processed', 'processed', 'ignored']);
    for (const row of rows) {
      expect(row).toMatchObject({ attempts: 1, lockedAt: null, lastError: null });
      expect(row.processedAt!.getTime()).toBeGreaterThan(0);
    }
    const order = await orderOf(fixture);
    expect(order.status).toBe('paid');
    expect(order.paidAt).not.toBeNull();
    expect(await paymentOf(fixture)).toMatchObject({
      status: 'succeeded',
      amountReceived: 4200,
      stripeChargeId: chargeId,
      paymentMethodType: 'card',
      cardBrand: 'visa',
      cardLast4: '4242',
      cardExpMonth: 12,
      cardExpYear: 2031,
      cardCountry: 'US',
      riskLevel: 'normal',
      outcomeType: 'authorized',
      networkStatus: 'approved_by_network',
      lastStripeEventId: ids[2],
      lastStripeEventAt: new Date((T0 + 5) * 1000),
      // Written once per effect (requires_action, the charge, succeeded), never twice.
      version: 3,
    });
    const outbox = await outboxOf(fixture.orderId);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      kind: 'order.paid',
      dedupeKey: `order-paid:${fixture.orderId}`,
      status: 'pending',
      payload: { orderId: fixture.orderId, email: 'buyer@example.com', amount: 4200, currency: 'usd' },
    });
  });

  it('records the fulfilment of an order that checkout already marked paid from Stripe, once', async () => {
    const fixture = await createFixture();
    // Checkout read the PaymentIntent from Stripe when the customer came back (no webhook yet).
    await prisma.order.update({ where: { id: fixture.orderId }, data: { status: 'paid', paidAt: new Date() } });
    await prisma.payment.update({
      where: { stripePaymentIntentId: fixture.paymentIntentId },
      data: { status: 'succeeded', amountReceived: 4200 },
    });
    const ids = [
      await insert(piEvent(fixture, 'succeeded', T0, 'ch_early')),
      await insert(piEvent(fixture, 'succeeded', T0, 'ch_early')), // Stripe resent it under another id
    ];
    // One event at a time (one PaymentIntent): the handler says which application recorded the fulfilment.
    const results = [];
    for (let round = 0; round < 2; round++) {
      const claimed = await ports().claim({ workerId: 'fulfilment', limit: 10, leaseMs: 60_000 });
      results.push(...(await ports().apply(claimed.filter((event) => ids.includes(event.stripeEventId)))));
    }
    expect(results.map((result) => (result.status === 'processed' ? result.outcome : result))).toEqual([
      { status: 'processed', effect: 'applied', orderStatus: 'paid', fulfilment: true },
      { status: 'processed', effect: 'applied', orderStatus: 'paid', fulfilment: false },
    ]);
    expect((await orderOf(fixture)).status).toBe('paid');
    expect(await outboxOf(fixture.orderId)).toHaveLength(1);
    for (const id of ids) expect(await eventRow(id)).toMatchObject({ status: 'processed', attempts: 1 });
  });

  it('creates the payment of an order that checkout had not recorded yet', async () => {
    const order = await prisma.order.create({ data: { currency: 'usd', amount: 4200, email: 'late@example.com' } });
    const fixture = { orderId: order.id, paymentIntentId: nextId('pi'), amount: 4200, currency: 'usd' };
    await insert(piEvent(fixture, 'succeeded', T0));
    await drain();
    expect(await paymentOf(fixture)).toMatchObject({ status: 'succeeded', email: 'late@example.com' });
    expect(await outboxOf(fixture.orderId)).toHaveLength(1);
  });

  it('gives each effect once with 3 workers on 50 events', async () => {
    const fixtures = await Promise.all(Array.from({ length: 10 }, createFixture));
    const events = fixtures.flatMap((fixture, i) => paymentLifecycle(fixture, T0 + i));
    // Arrival order shuffled (deterministically).
    const shuffled = events.map((event, i) => ({ event, key: (i * 37) % events.length })).sort((a, b) => a.key - b.key);
    for (const { event } of shuffled) await insert(event);

    const workers = [worker(), worker(), worker()];
    for (const w of workers) w.start();
    const deadline = Date.now() + 20_000;
    const pending = () =>
      prisma.webhookEvent.count({
        where: {
          stripeEventId: { in: events.map((e) => e.id) },
          status: { notIn: ['processed', 'ignored', 'dead'] },
        },
      });
    while ((await pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await Promise.all(workers.map((w) => w.stop()));

    const rows = await prisma.webhookEvent.findMany({ where: { stripeEventId: { in: events.map((e) => e.id) } } });
    expect(rows).toHaveLength(50);
    expect(rows.every((row) => row.status === 'processed' && row.attempts === 1)).toBe(true);
    for (const fixture of fixtures) {
      expect((await orderOf(fixture)).status).toBe('paid');
      expect(await outboxOf(fixture.orderId)).toHaveLength(1);
      // In order, each of the 4 PaymentIntent events and the charge changed the payment once: 5 writes.
      expect(await paymentOf(fixture)).toMatchObject({ status: 'succeeded', cardLast4: '4242', version: 5 });
    }
  });

  it("applies events concurrently and in batches, yet each PaymentIntent's one at a time, in order", async () => {
    const fixtures = await Promise.all(Array.from({ length: 24 }, createFixture));
    const events = fixtures.flatMap((fixture, i) => paymentLifecycle(fixture, T0 + i));
    const positionOf = new Map(events.map((event, i) => [event.id, i]));
    const shuffled = events.map((event, i) => ({ event, key: (i * 53) % events.length })).sort((a, b) => a.key - b.key);
    for (const { event } of shuffled) await insert(event);

    // Watches the use case: how many batches run at once, and the order events of one PaymentIntent reach it.
    const inner = ports();
    let inFlight = 0;
    let mostInFlight = 0;
    let largestBatch = 0;
    const seen = new Map<string, number[]>();
    const watched: typeof inner = {
      claim: (options) => inner.claim(options),
      async apply(batch) {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        largestBatch = Math.max(largestBatch, batch.length);
        const paymentIntents = new Set<string>();
        for (const event of batch) {
          const payload = event.payload as { data: { object: { id: string; payment_intent?: string } } };
          const object = payload.data.object;
          const paymentIntentId = object.payment_intent ?? object.id;
          paymentIntents.add(paymentIntentId);
          seen.set(paymentIntentId, [...(seen.get(paymentIntentId) ?? []), positionOf.get(event.stripeEventId)!]);
        }
        expect(paymentIntents.size).toBe(batch.length); // never two events of one PaymentIntent in a transaction
        try {
          return await inner.apply(batch);
        } finally {
          inFlight -= 1;
        }
      },
    };
    const concurrent = createWebhookWorker({ ...watched, concurrency: 4, eventsPerTransaction: 3 });
    expect(await concurrent.runUntilIdle()).toBe(events.length);

    expect(mostInFlight).toBeGreaterThan(1);
    expect(largestBatch).toBeGreaterThan(1);
    for (const [, positions] of seen) expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const rows = await prisma.webhookEvent.findMany({ where: { stripeEventId: { in: events.map((e) => e.id) } } });
    expect(rows.every((row) => row.status === 'processed' && row.attempts === 1)).toBe(true);
    for (const fixture of fixtures) {
      expect((await orderOf(fixture)).status).toBe('paid');
      expect(await outboxOf(fixture.orderId)).toHaveLength(1);
      // Applied in Stripe's order: none of the 4 PaymentIntent events was stale, so 5 writes in all.
      expect(await paymentOf(fixture)).toMatchObject({ status: 'succeeded', cardLast4: '4242', version: 5 });
    }
  });

  it('keeps a failing event from undoing or holding back the other events of its batch', async () => {
    const [broken, fine, alsoFine] = await Promise.all([createFixture(), createFixture(), createFixture()]);
    const bad = await insert(
      envelope(nextId('evt'), 'payment_intent.succeeded', T0, {
        ...paymentIntentObject(broken, 'succeeded', null),
        status: 'not-a-status',
      }),
    );
    const good = [
      await insert(piEvent(fine, 'succeeded', T0 + 1)),
      await insert(piEvent(alsoFine, 'succeeded', T0 + 2)),
    ];
    const claimed = await ports().claim({ workerId: 'batch-worker', limit: 10, leaseMs: 60_000 });
    const batch = claimed.filter((event) => [bad, ...good].includes(event.stripeEventId));
    expect(batch).toHaveLength(3);

    const results = await ports().apply(batch);

    expect(results.map((result) => result.status)).toEqual(['failed', 'processed', 'processed']);
    expect(await eventRow(bad)).toMatchObject({ status: 'failed', attempts: 1, lockedBy: null });
    for (const id of good) expect(await eventRow(id)).toMatchObject({ status: 'processed', attempts: 1 });
    expect((await orderOf(fine)).status).toBe('paid');
    expect((await orderOf(alsoFine)).status).toBe('paid');
    expect(await outboxOf(fine.orderId)).toHaveLength(1);
    expect((await orderOf(broken)).status).toBe('pending');
    await prisma.webhookEvent.update({ where: { stripeEventId: bad }, data: { status: 'dead' } });
  });

  it('commits nothing of a batch for an event whose claim was taken over, and the rest once', async () => {
    const [taken, kept] = await Promise.all([createFixture(), createFixture()]);
    const ids = [await insert(piEvent(taken, 'succeeded', T0)), await insert(piEvent(kept, 'succeeded', T0 + 1))];
    const claimed = (await ports().claim({ workerId: 'slow-worker', limit: 10, leaseMs: 60_000 })).filter((event) =>
      ids.includes(event.stripeEventId),
    );
    // Another worker took the first over after our lease expired (it is on its second attempt now).
    await prisma.webhookEvent.update({
      where: { stripeEventId: ids[0] },
      data: { lockedBy: 'other-worker', attempts: 2 },
    });

    const results = await ports().apply(claimed);

    expect(results.map((result) => result.status)).toEqual(['lost', 'processed']);
    expect(await eventRow(ids[0]!)).toMatchObject({ status: 'processing', lockedBy: 'other-worker' });
    expect((await orderOf(taken)).status).toBe('pending');
    expect(await outboxOf(taken.orderId)).toHaveLength(0);
    expect((await orderOf(kept)).status).toBe('paid');
    expect(await outboxOf(kept.orderId)).toHaveLength(1);
    await prisma.webhookEvent.update({ where: { stripeEventId: ids[0] }, data: { status: 'dead' } });
  });

  it('ends in the same state for every arrival order of requires_action, payment_failed and succeeded', async () => {
    const sequence: PaymentIntentStatus[] = ['requires_action', 'requires_payment_method', 'succeeded'];
    const finals: unknown[] = [];
    for (const order of permutations([0, 1, 2])) {
      const fixture = await createFixture();
      const chargeId = nextId('ch');
      // requires_action and payment_failed in the same second: the tie-breaker decides.
      const created = [T0, T0, T0 + 1];
      const events = sequence.map((status, i) =>
        piEvent(fixture, status, created[i]!, status === 'succeeded' ? chargeId : null),
      );
      for (const i of order) {
        await insert(events[i]!); // each arrives, and is processed, in this order
        await drain();
      }
      expect((await orderOf(fixture)).status).toBe('paid');
      expect(await outboxOf(fixture.orderId)).toHaveLength(1);
      finals.push({
        ...(await paymentFacts(fixture)),
        stripeChargeId: (await paymentOf(fixture)).stripeChargeId === chargeId,
      });
    }
    expect(finals).toHaveLength(6);
    for (const final of finals) expect(final).toEqual(finals[0]);
    expect(finals[0]).toMatchObject({
      status: 'succeeded',
      failureCode: null,
      amountReceived: 4200,
      stripeChargeId: true,
    });
  });

  it('does not regress on a late or repeated payment_failed after succeeded', async () => {
    const fixture = await createFixture();
    const succeeded = await insert(piEvent(fixture, 'succeeded', T0 + 10, 'ch_x1'));
    await drain();
    const before = await paymentOf(fixture);
    await insert(piEvent(fixture, 'requires_payment_method', T0 + 9)); // created before: late
    await insert(piEvent(fixture, 'requires_payment_method', T0 + 20)); // created after: still cannot leave succeeded
    await drain();
    const after = await paymentOf(fixture);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ status: 'succeeded', lastStripeEventId: succeeded, failureCode: null });
    expect((await orderOf(fixture)).status).toBe('paid');
    expect(await outboxOf(fixture.orderId)).toHaveLength(1);
  });

  it('retries a failing event with backoff, holds back later events of its PaymentIntent, then marks it dead', async () => {
    const fixture = await createFixture();
    const malformed = envelope(nextId('evt'), 'payment_intent.succeeded', T0, {
      ...paymentIntentObject(fixture, 'succeeded', null),
      status: 'not-a-status',
    });
    const bad = await insert(malformed);
    const later = await insert(piEvent(fixture, 'requires_action', T0 + 1));

    const started = Date.now();
    await worker(3).runUntilIdle();
    let row = await eventRow(bad);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lockedAt: null, lockedBy: null });
    expect(row.lastError).toMatch(/unknown PaymentIntent status not-a-status/);
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(started);
    expect((await eventRow(later)).status).toBe('received'); // held back: one PaymentIntent, in order

    for (const attempts of [2, 3]) {
      await prisma.webhookEvent.update({
        where: { stripeEventId: bad },
        data: { nextAttemptAt: new Date(Date.now() - 1000) },
      });
      await worker(3).runUntilIdle();
      row = await eventRow(bad);
      expect(row.attempts).toBe(attempts);
    }
    expect(row).toMatchObject({ status: 'dead', attempts: 3 });
    expect(row.lastError).toMatch(/not-a-status/);
    expect((await eventRow(later)).status).toBe('processed'); // released once the blocker is dead
    expect((await paymentOf(fixture)).status).toBe('requires_action');
  });

  it('reclaims a row whose worker died (lease expired) and applies it once; a live lease is left alone', async () => {
    const fixture = await createFixture();
    const stuck = await insert(piEvent(fixture, 'succeeded', T0), {
      status: 'processing',
      attempts: 1,
      lockedBy: 'dead-worker',
      lockedAt: new Date(Date.now() - 120_000),
    });
    const other = await createFixture();
    const live = await insert(piEvent(other, 'succeeded', T0), {
      status: 'processing',
      attempts: 1,
      lockedBy: 'live-worker',
      lockedAt: new Date(),
    });
    await drain();
    expect(await eventRow(stuck)).toMatchObject({ status: 'processed', attempts: 2 });
    expect((await orderOf(fixture)).status).toBe('paid');
    expect(await outboxOf(fixture.orderId)).toHaveLength(1);
    expect(await eventRow(live)).toMatchObject({ status: 'processing', lockedBy: 'live-worker', attempts: 1 });
    expect((await orderOf(other)).status).toBe('pending');
    await prisma.webhookEvent.update({ where: { stripeEventId: live }, data: { status: 'dead' } });
  });

  it('runs as the worker mode: no HTTP server, started and stopped with the app', async () => {
    const config = loadConfig({ API_MODE: 'worker', WEBHOOK_WORKER_POLL_MS: '20', SEED_DEMO_CATALOG: 'false' });
    const app = await buildWorkerApp({ config, database: database.db, logger: false });
    await app.ready();
    try {
      expect(app.server.listening).toBe(false);
      const fixture = await createFixture();
      const id = await insert(piEvent(fixture, 'succeeded', T0));
      const deadline = Date.now() + 10_000;
      while ((await eventRow(id)).status !== 'processed' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await eventRow(id)).lockedBy).toBe(app.webhookWorker.id); // who processed it
      expect((await orderOf(fixture)).status).toBe('paid');
    } finally {
      await app.close();
    }
  });
});
