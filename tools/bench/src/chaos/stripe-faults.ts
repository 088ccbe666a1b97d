// Scenario 3: Stripe (the emulator's fault injection) answers 429, 500, or nothing at all to a fifth of the calls
// while shoppers check out 1,000 times and staff make 200 refunds. Clients behave as ours do: a request that fails
// is sent again with the same Idempotency-Key. Every request is answered; no order has two PaymentIntents, no refund
// is made twice, and every refund reaches Stripe.
import { randomUUID } from 'node:crypto';
import { prismaOf } from '@storepay/db/testing';
import { EmulatorControl } from '@storepay/stripe-emulator';
import { CHAOS_ADMIN, createChaosDatabase, startSystem, waitUntil, type ChaosReport } from './system';

const CONCURRENCY = 10;
/** Each of the three faults on a fourteenth of the calls it sees: about 20% in all. */
const SHARE = 1 - Math.cbrt(0.8);
const SECRET_KEY = 'sk_test_storepay_bench';

interface Tally {
  requests: number;
  /** Requests that got no HTTP answer within 30 s (a hang or a dropped connection). */
  unanswered: number;
  byStatus: Map<number, number>;
}

/** What a client retries, with the same key: no answer, 5xx, 429, and 409 (the same request still in flight). */
const retryable = (status: number) => status >= 500 || status === 429 || status === 409;

/**
 * Sends `send` until it answers 2xx (at most 40 times), the same request each time, as a client of ours retries;
 * null when it never did, or was refused for good (another 4xx).
 */
async function untilDone(tally: Tally, send: () => Promise<Response>): Promise<Response | null> {
  for (let attempt = 0; attempt < 40; attempt++) {
    tally.requests += 1;
    const response = await send().catch(() => null);
    if (!response) {
      tally.unanswered += 1;
    } else {
      tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
      if (response.ok) return response;
      await response.arrayBuffer();
      if (!retryable(response.status)) return null;
    }
    await new Promise((resolve) => setTimeout(resolve, 100 * Math.min(attempt + 1, 10)));
  }
  return null;
}

async function inBatches<T>(items: readonly T[], run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const index = next++;
        await run(items[index]!, index);
      }
    }),
  );
}

/** Every object of a list endpoint of the emulator (secret key, no faults by then). */
async function listAll<T extends { id: string }>(emulatorUrl: string, path: string): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: '100', ...(after ? { starting_after: after } : {}) });
    const page = (await (
      await fetch(`${emulatorUrl}${path}?${query.toString()}`, { headers: { authorization: `Bearer ${SECRET_KEY}` } })
    ).json()) as { data: T[]; has_more: boolean };
    all.push(...page.data);
    if (!page.has_more || page.data.length === 0) return all;
    after = page.data.at(-1)!.id;
  }
}

const formatStatuses = (tally: Tally) =>
  [...tally.byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count}×${status}`)
    .join(', ');

export async function stripeFaults(
  runId: string,
  emulatorPort: number,
  { checkouts = 1000, refunds = 200 }: { checkouts?: number; refunds?: number } = {},
): Promise<ChaosReport> {
  const CHECKOUTS = checkouts;
  const REFUNDS = refunds;
  const started = performance.now();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const control = new EmulatorControl(emulatorUrl);
  const database = await createChaosDatabase(runId, 'stripe-faults');
  const prisma = prismaOf(database.db);
  const system = await startSystem({
    databaseUrl: database.url,
    emulatorPort,
    // A call Stripe never answers is given up after 1.5 s and retried (stripe-node: twice, same key); the
    // reconciler's sweep sends refunds nobody retried.
    // No webhook secret of our own: the API registers its endpoint with the emulator, which then delivers the events
    // of the payments and refunds (faults apply to the API's calls to Stripe, not to Stripe's webhooks).
    env: { STRIPE_TIMEOUT_MS: '1500', RECONCILE_INTERVAL_MS: '3000', STRIPE_WEBHOOK_SECRET: '' },
  });
  const api = system.http[0]!.url;
  const failures: string[] = [];
  const injectFaults = async () => {
    for (const action of ['rate_limit', 'server_error', 'timeout'] as const) {
      await control.addFault({ method: '*', path: '/v1/*', action, count: 1_000_000_000, probability: SHARE });
    }
  };
  const faultHits = async () => (await control.faults()).reduce((sum, rule) => sum + rule.hits, 0);
  let hits = 0;
  try {
    const { products } = (await (await fetch(`${api}/api/products`)).json()) as { products: { id: string }[] };

    // 1. Checkouts while Stripe fails a fifth of its calls.
    await injectFaults();
    const checkoutTally: Tally = { requests: 0, unanswered: 0, byStatus: new Map() };
    const orderIds: (string | null)[] = Array.from({ length: CHECKOUTS }, () => null);
    await inBatches(orderIds, async (_, index) => {
      const key = randomUUID();
      const body = JSON.stringify({
        items: [{ productId: products[index % products.length]!.id, quantity: 1 }],
        currency: 'usd',
        email: `chaos${index}@example.com`,
      });
      const response = await untilDone(checkoutTally, () =>
        fetch(`${api}/api/checkout`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
          body,
          signal: AbortSignal.timeout(30_000),
        }),
      );
      orderIds[index] = response ? ((await response.json()) as { orderId: string }).orderId : null;
    });
    hits += await faultHits();
    await control.clearFaults();
    const placed = orderIds.filter((id): id is string => id !== null);
    if (placed.length !== CHECKOUTS) failures.push(`${CHECKOUTS - placed.length} checkouts never succeeded`);

    // 2. Pay the first REFUNDS orders (no faults: the shopper's side is not under test here).
    const paying = placed.slice(0, REFUNDS);
    const orders = await prisma.order.findMany({ where: { id: { in: paying } } });
    let confirmFailures = 0;
    await inBatches(orders, async (order) => {
      const confirmed = await fetch(`${emulatorUrl}/v1/payment_intents/${order.paymentIntentId}/confirm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'payment_method=pm_card_visa&return_url=https%3A%2F%2Fshop.example%2Fdone',
      });
      if (!confirmed.ok) confirmFailures += 1;
    });
    if (confirmFailures > 0) failures.push(`${confirmFailures} PaymentIntents could not be confirmed at the emulator`);
    const paid = await waitUntil(
      async () => (await prisma.order.count({ where: { id: { in: paying }, status: 'paid' } })) === paying.length,
      60_000,
    );
    if (!paid) failures.push('the paid orders were not all recorded paid within 60 s');

    // 3. Refunds while Stripe fails a fifth of its calls; staff retry a failed one with the same key.
    const session = await fetch(`${api}/api/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CHAOS_ADMIN),
    });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    await injectFaults();
    const refundTally: Tally = { requests: 0, unanswered: 0, byStatus: new Map() };
    let refundsAnswered = 0;
    await inBatches(paying, async (orderId) => {
      const key = randomUUID();
      const response = await untilDone(refundTally, () =>
        fetch(`${api}/api/admin/payments/${orderId}/refunds`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key, cookie, 'x-csrf-token': csrfToken },
          body: JSON.stringify({ amount: 100, reason: 'requested_by_customer', note: 'chaos' }),
          signal: AbortSignal.timeout(30_000),
        }),
      );
      if (response) refundsAnswered += 1;
    });
    hits += await faultHits();
    await control.clearFaults();
    if (refundsAnswered !== paying.length) failures.push(`${paying.length - refundsAnswered} refunds never accepted`);
    // Every refund reaches Stripe: those left pending are sent by the reconciler's sweep.
    const sent = await waitUntil(
      async () => (await prisma.refund.count({ where: { status: 'succeeded' } })) === paying.length,
      60_000,
    );
    const refundRows = await prisma.refund.findMany();
    if (!sent) {
      const pending = refundRows.filter((refund) => refund.status !== 'succeeded').length;
      failures.push(`${pending} refunds not succeeded at Stripe within 60 s`);
    }

    // Stripe's side: one PaymentIntent per order, one refund per refund request.
    const intents = await listAll<{ id: string; metadata: Record<string, string> }>(emulatorUrl, '/v1/payment_intents');
    const perOrder = new Map<string, number>();
    for (const intent of intents) {
      const orderId = intent.metadata.order_id;
      if (orderId) perOrder.set(orderId, (perOrder.get(orderId) ?? 0) + 1);
    }
    const doubledIntents = [...perOrder.values()].filter((count) => count > 1).length;
    const stripeRefunds = await listAll<{ id: string; payment_intent: string }>(emulatorUrl, '/v1/refunds');
    const refundsPerIntent = new Map<string, number>();
    for (const refund of stripeRefunds) {
      refundsPerIntent.set(refund.payment_intent, (refundsPerIntent.get(refund.payment_intent) ?? 0) + 1);
    }
    const doubledRefunds = [...refundsPerIntent.values()].filter((count) => count > 1).length;
    const ordersInDatabase = await prisma.order.count();
    if (ordersInDatabase !== CHECKOUTS) failures.push(`${ordersInDatabase} orders for ${CHECKOUTS} checkouts`);
    if (refundRows.length !== paying.length)
      failures.push(`${refundRows.length} refunds for ${paying.length} requests`);
    if (stripeRefunds.length !== paying.length) {
      failures.push(`${stripeRefunds.length} refunds at Stripe for ${paying.length} requests`);
    }
    const lost =
      checkoutTally.unanswered +
      refundTally.unanswered +
      (CHECKOUTS - placed.length) +
      (paying.length - refundsAnswered);
    return {
      scenario: 'Stripe faults',
      load: `${CHECKOUTS} checkouts and ${REFUNDS} refunds, ${CONCURRENCY} at a time, retried with the same key`,
      faults: `${hits} Stripe calls answered 429, 500 or never (each ${(SHARE * 100).toFixed(1)}%, ~20% in all)`,
      lost,
      duplicates: doubledIntents + doubledRefunds,
      failures,
      notes: [
        `checkout requests: ${checkoutTally.requests} (${formatStatuses(checkoutTally)}); refund requests: ${refundTally.requests} (${formatStatuses(refundTally)})`,
        `Stripe holds ${intents.length} PaymentIntents for ${perOrder.size} orders and ${stripeRefunds.length} refunds`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await control.clearFaults().catch(() => undefined);
    await system.stop();
    await database.drop();
  }
}
