// Graceful shutdown of the production processes on PostgreSQL: an `API_MODE=http` process given SIGTERM finishes the
// request it holds and takes no new connection; an `API_MODE=worker` process given SIGTERM mid-burst finishes the
// round it claimed, leaves nothing `processing`, and a second worker applies the rest, every event exactly once.
// Runs only when TEST_DATABASE_URL names a PostgreSQL server (as multi-process.test.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { hostname } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { createTestDatabase, holdPaymentLocks, postgresqlTestsEnabled, type TestDatabase } from '@storepay/db/testing';
import { signedDelivery, stripeEvent, stripePaymentIntent } from '@storepay/payments-core/testing';
import { EmulatorControl, startEmulator, type RunningEmulator } from '@storepay/stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  postgresqlUrlOf,
  startApiProcess,
  testRedisUrl,
  waitFor,
  waitForApiReady,
  type ApiProcess,
} from './test-support';

/** A signing secret made for this run: no secret lives in the repository, not even a test's. */
const SECRET = `whsec_${randomBytes(24).toString('hex')}`;
/** How long the emulator holds the checkout's PaymentIntent creation: the request in flight at SIGTERM. */
const STRIPE_DELAY_MS = 1_500;
/** main.ts gives close-with-grace this long before it exits non-zero: a graceful exit is well under it. */
const GRACE_DELAY_MS = 10_000;

/** The processes this suite started and has not seen exit: killed at the end if a test failed half-way. */
const running = new Set<ChildProcess>();

function startProcess(env: NodeJS.ProcessEnv): ApiProcess {
  const api = startApiProcess(env);
  running.add(api.child);
  void api.exited.then(() => running.delete(api.child));
  return api;
}

/** One request on a connection of its own (no keep-alive pool): its status, or the socket error's code. */
function requestOnNewConnection(port: number, path: string): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

/** pino's JSON lines of level error (50) or fatal (60). */
const errorLines = (output: string) => output.split('\n').filter((line) => /"level":(50|60)\b/.test(line));

/** A `payment_intent.succeeded` event for one of our orders, as Stripe sends it. */
const succeededEvent = (id: string, paymentIntentId: string, orderId: string, created: number) =>
  stripeEvent(
    'payment_intent.succeeded',
    stripePaymentIntent({ paymentIntentId, orderId, amount: 4200, currency: 'usd' }, 'succeeded'),
    { id, created },
  );

describe.runIf(postgresqlTestsEnabled())('graceful shutdown of the API processes on PostgreSQL', () => {
  let db: TestDatabase;
  let emulator: RunningEmulator;
  /** The environment every process of this suite shares (set once the database and the emulator exist). */
  let baseEnv: NodeJS.ProcessEnv = {};

  beforeAll(async () => {
    db = await createTestDatabase('postgresql');
    emulator = await startEmulator();
    baseEnv = {
      DATABASE_URL: await postgresqlUrlOf(db),
      // Test keys and a loopback API base: the emulator, in-process here. The secret is given, so the API registers
      // no endpoint with it (as an operator who set up the endpoint).
      STRIPE_SECRET_KEY: 'sk_test_x',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_x',
      STRIPE_API_BASE: emulator.url,
      STRIPE_WEBHOOK_SECRET: SECRET,
      REDIS_URL: testRedisUrl() ?? '',
      RATE_LIMITS: 'checkout_ip=10000/60,checkout_email=10000/60,order_read_ip=10000/60',
      RECONCILE_INTERVAL_MS: '0',
      WEBHOOK_WORKER_POLL_MS: '50',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    };
  });

  afterAll(async () => {
    // Only if a test failed half-way: nothing of this suite outlives it.
    for (const child of running) child.kill('SIGKILL');
    await emulator?.close();
    await db?.destroy();
  });

  it('an HTTP process finishes the request in flight, refuses new connections, and exits 0 promptly', async () => {
    const port = await freePort();
    const api = startProcess({ ...baseEnv, API_MODE: 'http', API_PORT: String(port), SEED_DEMO_CATALOG: 'true' });
    await waitForApiReady(port, api);
    const { products } = (await (await fetch(`http://127.0.0.1:${port}/api/products`)).json()) as {
      products: { id: string; prices: { currency: string; unitAmount: number }[] }[];
    };
    const product = products.find((p) => p.prices.some((price) => price.currency === 'usd'))!;
    const unitAmount = product.prices.find((price) => price.currency === 'usd')!.unitAmount;

    // The next PaymentIntent creation takes STRIPE_DELAY_MS: the checkout is held in flight that long.
    const control = new EmulatorControl(emulator.url);
    await control.addFault({ method: 'POST', path: '/v1/payment_intents', action: 'delay', delayMs: STRIPE_DELAY_MS });
    const sentAt = Date.now();
    const checkout = fetch(`http://127.0.0.1:${port}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [{ productId: product.id, quantity: 2 }],
        currency: 'usd',
        email: 'graceful@example.com',
      }),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { orderId: string; paymentIntentId: string },
      at: Date.now(),
    }));
    // The fault is used up (a one-shot rule is removed once taken): the checkout is at Stripe, waiting.
    await waitFor('the checkout to reach Stripe', async () => (await control.faults()).length === 0, 10_000);
    expect(api.child.exitCode).toBeNull();

    const signalledAt = Date.now();
    api.child.kill('SIGTERM');
    // Shutdown has begun (main.ts logs this, then closes the app: the listener is closed first).
    await waitFor('the shutdown to begin', async () => /shutting down/.test(api.output()), 5_000);
    const newConnection = await requestOnNewConnection(port, '/health');
    const newConnectionAt = Date.now();

    const answer = await checkout;
    const exit = await api.exited;

    // A new connection, while the checkout is still in flight, is refused at the TCP level: the port no longer
    // listens (no 503 from Fastify: return503OnClosing only answers requests on connections already open).
    expect(newConnection).toEqual({ error: 'ECONNREFUSED' });
    expect(newConnectionAt).toBeLessThan(answer.at);
    // The held checkout completes in full after the signal.
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      orderId: expect.any(String),
      paymentIntentId: expect.stringMatching(/^pi_/),
      clientSecret: expect.stringContaining('_secret_'),
      amount: 2 * unitAmount,
      currency: 'usd',
    });
    expect(answer.at - sentAt).toBeGreaterThanOrEqual(STRIPE_DELAY_MS);
    expect(answer.at).toBeGreaterThan(signalledAt);
    // …and what it answered was stored: the order and its payment, with the PaymentIntent the emulator created.
    const order = await db.prisma.order.findUniqueOrThrow({
      where: { id: answer.body.orderId },
      include: { payments: true },
    });
    expect(order).toMatchObject({
      status: 'pending',
      amount: 2 * unitAmount,
      paymentIntentId: answer.body.paymentIntentId,
    });
    expect(order.payments.map((p) => p.stripePaymentIntentId)).toEqual([answer.body.paymentIntentId]);

    // The process exits by itself with 0 once the request is done, long before close-with-grace's deadline.
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at).toBeGreaterThanOrEqual(answer.at - 50);
    expect(exit.at - answer.at).toBeLessThan(1_000);
    expect(exit.at - signalledAt).toBeLessThan(GRACE_DELAY_MS / 2);
    expect(errorLines(api.output())).toEqual([]);
    console.info(
      `http: checkout answered ${answer.at - signalledAt} ms after SIGTERM (${answer.at - sentAt} ms in all); ` +
        `exit ${exit.at - signalledAt} ms after SIGTERM`,
    );
  });

  it('a worker process finishes its claimed round on SIGTERM, and a second worker applies the rest exactly once', async () => {
    const COUNT = 300;
    /** The event whose payment row the test holds locked: the first worker is mid-round, blocked on it, at SIGTERM. */
    const HELD = 150;
    const stamp = Date.now();
    const created = Math.floor(stamp / 1000);
    const fixtures = Array.from({ length: COUNT }, (_, i) => ({
      orderId: randomUUID(),
      paymentIntentId: `pi_graceful${stamp}x${String(i).padStart(4, '0')}`,
      // Ids sort as the events were sent: the workers claim the oldest first (by created, then id).
      eventId: `evt_graceful${stamp}x${String(i).padStart(4, '0')}`,
    }));
    await db.prisma.order.createMany({
      data: fixtures.map(({ orderId }, i) => ({
        id: orderId,
        currency: 'usd',
        amount: 4200,
        email: `g${i}@example.com`,
      })),
    });
    await db.prisma.payment.createMany({
      data: fixtures.map(({ orderId, paymentIntentId }, i) => ({
        orderId,
        stripePaymentIntentId: paymentIntentId,
        status: 'requires_payment_method' as const,
        currency: 'usd',
        amount: 4200,
        email: `g${i}@example.com`,
      })),
    });
    const eventIds = fixtures.map((f) => f.eventId);
    const orderIds = fixtures.map((f) => f.orderId);
    const paymentIntentIds = fixtures.map((f) => f.paymentIntentId);

    // The inbox filled as in production: signed deliveries to an HTTP process (which runs no worker).
    const port = await freePort();
    const http = startProcess({ ...baseEnv, API_MODE: 'http', API_PORT: String(port), SEED_DEMO_CATALOG: 'false' });
    await waitForApiReady(port, http);
    const statuses: number[] = [];
    for (let start = 0; start < COUNT; start += 25) {
      const answers = await Promise.all(
        fixtures.slice(start, start + 25).map(async ({ orderId, paymentIntentId, eventId }) => {
          const { body, headers } = await signedDelivery(
            succeededEvent(eventId, paymentIntentId, orderId, created),
            SECRET,
          );
          return fetch(`http://127.0.0.1:${port}/webhooks/stripe`, { method: 'POST', headers, body });
        }),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses).toEqual(Array(COUNT).fill(200));
    http.child.kill('SIGTERM');
    expect(await http.exited).toMatchObject({ code: 0 });
    expect(await db.prisma.webhookEvent.count({ where: { stripeEventId: { in: eventIds }, status: 'received' } })).toBe(
      COUNT,
    );

    type Row = { stripe_event_id: string; status: string; attempts: number; locked_by: string | null };
    const inbox = () =>
      db.prisma.$queryRaw<Row[]>`
        SELECT stripe_event_id, status::text AS status, attempts, locked_by FROM webhook_events
         WHERE stripe_event_id = ANY(${eventIds}) ORDER BY stripe_event_id`;
    const waitingOnLocks = async () => {
      const [row] = await db.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return row!.n;
    };
    const workerEnv = { ...baseEnv, API_MODE: 'worker' };
    const claimOf = (child: ChildProcess) => `${hostname()}:${child.pid}:`;

    // The first worker runs through the burst until it blocks, inside a round, on the payment the test holds.
    const releaseLocks = await holdPaymentLocks(db, [fixtures[HELD]!.paymentIntentId]);
    let released = false;
    const first = startProcess(workerEnv);
    try {
      await waitFor('the first worker to block on the held payment', async () => (await waitingOnLocks()) > 0, 30_000);
      const atSignal = await inbox();
      const inFlight = atSignal.filter((r) => r.status === 'processing');
      // Mid-burst: some events done, some claimed by it and not yet committed (the held one among them), most not
      // claimed at all.
      expect(inFlight.length).toBeGreaterThan(0);
      expect(inFlight.every((r) => r.locked_by?.startsWith(claimOf(first.child)))).toBe(true);
      expect(inFlight.map((r) => r.stripe_event_id)).toContain(fixtures[HELD]!.eventId);
      expect(atSignal.filter((r) => r.status === 'processed').length).toBeGreaterThan(0);
      expect(atSignal.filter((r) => r.status === 'received').length).toBeGreaterThan(COUNT / 3);

      const signalledAt = Date.now();
      first.child.kill('SIGTERM');
      await waitFor('the first worker to begin its shutdown', async () => /shutting down/.test(first.output()), 5_000);
      // It waits for its round: its other lanes commit, and with one transaction still blocked it has not exited
      // nor given up its claims (those events are still `processing` under its name).
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(first.child.exitCode).toBeNull();
      const stillHeld = (await inbox()).filter((r) => r.status === 'processing');
      expect(stillHeld.map((r) => r.stripe_event_id)).toContain(fixtures[HELD]!.eventId);
      expect(stillHeld.every((r) => r.locked_by?.startsWith(claimOf(first.child)))).toBe(true);

      const releasedAt = Date.now();
      released = true;
      await releaseLocks();
      const exit = await first.exited;
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.at - releasedAt).toBeLessThan(3_000);
      expect(first.output()).toMatch(/webhook worker stopped/);
      expect(errorLines(first.output())).toEqual([]);

      // Nothing is left `processing`: what it had claimed at the signal it applied, and it claimed nothing after.
      const afterFirst = await inbox();
      expect(afterFirst.filter((r) => r.status === 'processing')).toEqual([]);
      const byFirst = afterFirst.filter((r) => r.status === 'processed');
      expect(byFirst.every((r) => r.locked_by?.startsWith(claimOf(first.child)) && r.attempts === 1)).toBe(true);
      const inFlightIds = new Set(inFlight.map((r) => r.stripe_event_id));
      expect(byFirst.filter((r) => inFlightIds.has(r.stripe_event_id))).toHaveLength(inFlight.length);
      expect(byFirst.length).toBe(atSignal.filter((r) => r.status !== 'received').length);
      const untouched = afterFirst.filter((r) => r.status === 'received');
      expect(untouched.length).toBe(COUNT - byFirst.length);
      expect(untouched.every((r) => r.attempts === 0 && r.locked_by === null)).toBe(true);
      console.info(
        `worker: SIGTERM with ${inFlight.length} events claimed in flight and ${byFirst.length - inFlight.length} ` +
          `applied; exit ${exit.at - releasedAt} ms after the held lock was released ` +
          `(${exit.at - signalledAt} ms after SIGTERM); ${untouched.length} left for the second worker`,
      );
    } finally {
      if (!released) await releaseLocks();
    }

    // A second worker applies the rest.
    const second = startProcess(workerEnv);
    await waitFor(
      'the second worker to apply the rest',
      async () =>
        (await db.prisma.webhookEvent.count({ where: { stripeEventId: { in: eventIds }, status: 'processed' } })) ===
        COUNT,
      30_000,
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toMatchObject({ code: 0, signal: null });
    expect(errorLines(second.output())).toEqual([]);

    // Every event claimed once and applied once, each by one of the two workers; every order paid once.
    const final = await inbox();
    expect(final).toHaveLength(COUNT);
    expect(final.every((r) => r.status === 'processed' && r.attempts === 1)).toBe(true);
    const bySecond = final.filter((r) => r.locked_by?.startsWith(claimOf(second.child)));
    const byFirst = final.filter((r) => r.locked_by?.startsWith(claimOf(first.child)));
    expect(bySecond.length).toBeGreaterThan(0);
    expect(byFirst.length + bySecond.length).toBe(COUNT);
    const payments = await db.prisma.payment.findMany({ where: { stripePaymentIntentId: { in: paymentIntentIds } } });
    expect(payments.every((p) => p.status === 'succeeded' && p.version === 1)).toBe(true);
    expect(await db.prisma.order.count({ where: { id: { in: orderIds }, status: 'paid' } })).toBe(COUNT);
    expect(await db.prisma.outboxMessage.count({ where: { orderId: { in: orderIds } } })).toBe(COUNT);
  });
});
