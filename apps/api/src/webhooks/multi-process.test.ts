// Several API processes sharing one PostgreSQL and one Redis, as in production: a webhook delivered many times at
// once, to every process, has one effect and one fulfilment, and the abuse limits are one budget for all of them.
// Runs only when TEST_DATABASE_URL names a PostgreSQL server (PGlite is one process by design).
import { randomBytes, randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { createTestDatabase, holdPaymentLocks, postgresqlTestsEnabled, type TestDatabase } from '@storepay/db/testing';
import { signedDelivery, stripeEvent, stripePaymentIntent } from '@storepay/payments-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  postgresqlUrlOf,
  startApiProcess,
  testRedisUrl,
  waitForApiReady,
  stopProcess,
} from '../test-support';

/** A signing secret made for this run: no secret lives in the repository, not even a test's. */
const SECRET = `whsec_${randomBytes(24).toString('hex')}`;

/** A `payment_intent.succeeded` event for one of our orders, as Stripe sends it. */
const succeededEvent = (id: string, paymentIntentId: string, orderId: string) =>
  stripeEvent(
    'payment_intent.succeeded',
    stripePaymentIntent({ paymentIntentId, orderId, amount: 4200, currency: 'usd' }, 'succeeded'),
    { id },
  );

describe.runIf(postgresqlTestsEnabled())('three API processes on one PostgreSQL', () => {
  let db: TestDatabase;
  const processes: { child: ChildProcess; port: number }[] = [];
  /** The environment every process of this suite shares (set once the database exists). */
  let workerEnv: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    db = await createTestDatabase('postgresql');
    workerEnv = {
      DATABASE_URL: await postgresqlUrlOf(db),
      // Real-Stripe mode with an unreachable Stripe (not on loopback, so not taken for the emulator): nothing here
      // may call Stripe, and nothing registers endpoints.
      STRIPE_SECRET_KEY: 'sk_test_multiprocess',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_multiprocess',
      STRIPE_API_BASE: 'http://stripe.invalid:9',
      // One Redis for the three: the order reads of one client are one budget of 30 a minute.
      REDIS_URL: testRedisUrl() ?? '',
      RATE_LIMITS: 'order_read_ip=30/60',
      TRUST_PROXY: '1',
      STRIPE_WEBHOOK_SECRET: SECRET,
      RECONCILE_INTERVAL_MS: '0',
      WEBHOOK_WORKER_POLL_MS: '50',
      LOG_LEVEL: 'warn',
    };
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const api = startApiProcess({ ...workerEnv, API_PORT: String(port) });
      processes.push({ child: api.child, port });
      await waitForApiReady(port, api);
    }
  });

  afterAll(async () => {
    await Promise.all(processes.map(({ child }) => stopProcess(child)));
    await db?.destroy();
  });

  // First: the kill test below stops a process.
  it.runIf(testRedisUrl() !== null)(
    'share one budget of order reads through Redis, whichever process answers',
    async () => {
      // A client address of its own for this run (the processes trust one proxy hop, so X-Forwarded-For is it).
      const client = `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
      const statuses = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          fetch(`http://127.0.0.1:${processes[i % 3]!.port}/api/orders/${randomUUID()}`, {
            headers: { 'x-forwarded-for': client },
          }).then((response) => response.status),
        ),
      );
      expect(statuses.filter((status) => status === 404)).toHaveLength(30);
      expect(statuses.filter((status) => status === 429)).toHaveLength(30);
    },
  );

  it('applies one event delivered 20 times concurrently across them once, with one fulfilment', async () => {
    const order = await db.prisma.order.create({ data: { currency: 'usd', amount: 4200, email: 'mp@example.com' } });
    const paymentIntentId = `pi_multiprocess${Date.now()}`;
    await db.prisma.payment.create({
      data: {
        orderId: order.id,
        stripePaymentIntentId: paymentIntentId,
        status: 'requires_payment_method',
        currency: 'usd',
        amount: 4200,
        email: order.email,
      },
    });
    const event = succeededEvent(`evt_multiprocess${Date.now()}`, paymentIntentId, order.id);
    const deliveries = await Promise.all(Array.from({ length: 20 }, () => signedDelivery(event, SECRET)));

    const answers = await Promise.all(
      deliveries.map(({ body, headers }, i) =>
        fetch(`http://127.0.0.1:${processes[i % 3]!.port}/webhooks/stripe`, { method: 'POST', headers, body }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));

    const deadline = Date.now() + 15_000;
    let row = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { stripeEventId: event.id } });
    while (row.status !== 'processed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      row = await db.prisma.webhookEvent.findUniqueOrThrow({ where: { stripeEventId: event.id } });
    }
    expect(row).toMatchObject({ status: 'processed', attempts: 1 });
    expect(await db.prisma.webhookEvent.count({ where: { stripeEventId: event.id } })).toBe(1);
    const paid = await db.prisma.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(paid.status).toBe('paid');
    expect(await db.prisma.outboxMessage.count({ where: { orderId: order.id } })).toBe(1);
    const payment = await db.prisma.payment.findUniqueOrThrow({ where: { stripePaymentIntentId: paymentIntentId } });
    expect(payment).toMatchObject({ status: 'succeeded', lastStripeEventId: event.id, version: 1 });
  });
  it('applies every event exactly once when a worker process is killed mid-stream and another takes over', async () => {
    const fixtures: { orderId: string; paymentIntentId: string }[] = [];
    const stamp = Date.now();
    for (let i = 0; i < 40; i++) {
      const order = await db.prisma.order.create({
        data: { currency: 'usd', amount: 4200, email: `k${i}@example.com` },
      });
      const paymentIntentId = `pi_kill${stamp}x${i}`;
      await db.prisma.payment.create({
        data: {
          orderId: order.id,
          stripePaymentIntentId: paymentIntentId,
          status: 'requires_payment_method',
          currency: 'usd',
          amount: 4200,
          email: order.email,
        },
      });
      fixtures.push({ orderId: order.id, paymentIntentId });
    }
    // Stop the HTTP processes' workers from competing: this test is about worker processes only.
    await Promise.all(processes.map(({ child }) => stopProcess(child)));
    await db.prisma.webhookEvent.createMany({
      data: fixtures.map(({ orderId, paymentIntentId }, i) => ({
        stripeEventId: `evt_kill${stamp}x${i}`,
        type: 'payment_intent.succeeded',
        paymentIntentId,
        objectId: paymentIntentId,
        stripeCreatedAt: new Date(),
        payload: JSON.parse(JSON.stringify(succeededEvent(`evt_kill${stamp}x${i}`, paymentIntentId, orderId))),
      })),
    });

    const worker = (leaseMs: number) =>
      startApiProcess({ ...workerEnv, API_MODE: 'worker', WEBHOOK_WORKER_LEASE_MS: String(leaseMs) }).child;
    const ids = fixtures.map((f) => f.paymentIntentId);
    const processed = () =>
      db.prisma.webhookEvent.count({ where: { paymentIntentId: { in: ids }, status: 'processed' } });

    // A known point to die at: the test holds every payment's row lock, so the first worker claims the events and
    // blocks inside its transactions. Once all of them are claimed by it (`processing`, locked by its pid), it is
    // killed outright (no graceful shutdown).
    const releaseLocks = await holdPaymentLocks(db, ids);
    const first = worker(60_000);
    const claimedByFirst = () =>
      db.prisma.webhookEvent.findMany({
        where: {
          paymentIntentId: { in: ids },
          status: 'processing',
          lockedBy: { startsWith: `${hostname()}:${first.pid}:` },
        },
      });
    const deadline = Date.now() + 30_000;
    while ((await claimedByFirst()).length < fixtures.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // Its claims outlive it: every event is still `processing` under its name, and nothing of its batches committed.
    expect(await claimedByFirst()).toHaveLength(fixtures.length);
    expect(await processed()).toBe(0);
    await releaseLocks();

    // A second worker with a short lease reclaims whatever the dead one held, and finishes.
    const second = worker(500);
    while ((await processed()) < fixtures.length && Date.now() < deadline + 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    second.kill('SIGTERM');
    await new Promise((resolve) => second.once('exit', resolve));

    expect(await processed()).toBe(fixtures.length);
    // Each event was claimed twice (by the dead worker, then the second) and applied once.
    const events = await db.prisma.webhookEvent.findMany({ where: { paymentIntentId: { in: ids } } });
    expect(events.every((event) => event.attempts === 2)).toBe(true);
    const payments = await db.prisma.payment.findMany({ where: { stripePaymentIntentId: { in: ids } } });
    expect(payments.every((p) => p.status === 'succeeded' && p.version === 1)).toBe(true);
    const orderIds = fixtures.map((f) => f.orderId);
    expect(await db.prisma.order.count({ where: { id: { in: orderIds }, status: 'paid' } })).toBe(fixtures.length);
    expect(await db.prisma.outboxMessage.count({ where: { orderId: { in: orderIds } } })).toBe(fixtures.length);
  });
});
