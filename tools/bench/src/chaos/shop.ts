// The chaos scenarios' shoppers and staff: checkouts and refunds sent as our clients send them (a failed request
// again, with the same Idempotency-Key), and what Stripe holds afterwards.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@storepay/db/testing';
import { CHAOS_ADMIN, waitUntil } from './system';

export const SECRET_KEY = 'sk_test_storepay_bench';
const CONCURRENCY = 10;

/** The requests a phase sent: how many, how many got no HTTP answer, and the answers by status. */
export interface Tally {
  requests: number;
  /** Requests that got no HTTP answer within 30 s (a hang, a refused or dropped connection). */
  unanswered: number;
  byStatus: Map<number, number>;
}

export const newTally = (): Tally => ({ requests: 0, unanswered: 0, byStatus: new Map() });

export const formatTally = (tally: Tally) =>
  `${tally.requests} (${[...tally.byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count}×${status}`)
    .join(', ')}${tally.unanswered > 0 ? `, ${tally.unanswered} unanswered` : ''})`;

/** What a client retries, with the same key: no answer, 5xx, 429, and 409 (the same request still in flight). */
const retryable = (status: number) => status >= 500 || status === 429 || status === 409;

/**
 * Sends `send(attempt)` until it answers 2xx (at most 40 times), the same request each time, as a client of ours
 * retries; null when it never did, or was refused for good (another 4xx).
 */
async function untilDone(tally: Tally, send: (attempt: number) => Promise<Response>): Promise<Response | null> {
  for (let attempt = 0; attempt < 40; attempt++) {
    tally.requests += 1;
    const response = await send(attempt).catch(() => null);
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

/** Runs `run` over `items`, CONCURRENCY at a time. */
export async function inBatches<T>(items: readonly T[], run: (item: T, index: number) => Promise<void>): Promise<void> {
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

/** Which API process request `index` goes to on `attempt` (a load balancer's choice). */
export type Route = (index: number, attempt: number) => string;

/** `count` checkouts of one product each; the order id of each, or null for one that never succeeded. */
export async function checkOut(route: Route, count: number, tally: Tally): Promise<(string | null)[]> {
  const { products } = (await (await fetch(`${route(0, 0)}/api/products`)).json()) as { products: { id: string }[] };
  const orderIds: (string | null)[] = Array.from({ length: count }, () => null);
  await inBatches(orderIds, async (_, index) => {
    const key = randomUUID();
    const body = JSON.stringify({
      items: [{ productId: products[index % products.length]!.id, quantity: 1 }],
      currency: 'usd',
      email: `chaos${index}@example.com`,
    });
    const response = await untilDone(tally, (attempt) =>
      fetch(`${route(index, attempt)}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(30_000),
      }),
    );
    orderIds[index] = response ? ((await response.json()) as { orderId: string }).orderId : null;
  });
  return orderIds;
}

/** Pays the orders at the emulator (the shopper's card, confirmed there); how many could not be confirmed. */
export async function payAtStripe(emulatorUrl: string, prisma: PrismaClient, orderIds: string[]): Promise<number> {
  const orders = await prisma.order.findMany({ where: { id: { in: orderIds } } });
  let failed = 0;
  await inBatches(orders, async (order) => {
    const confirmed = await fetch(`${emulatorUrl}/v1/payment_intents/${order.paymentIntentId}/confirm`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payment_method=pm_card_visa&return_url=https%3A%2F%2Fshop.example%2Fdone',
    });
    if (!confirmed.ok) failed += 1;
  });
  return failed;
}

/** A refund of 1.00 for each order, by the suite's admin; how many were accepted (2xx). */
export async function refund(route: Route, orderIds: string[], tally: Tally): Promise<number> {
  const session = await fetch(`${route(0, 0)}/api/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(CHAOS_ADMIN),
  });
  if (!session.ok) throw new Error(`the chaos admin could not sign in: ${session.status}`);
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  let accepted = 0;
  await inBatches(orderIds, async (orderId, index) => {
    const key = randomUUID();
    const response = await untilDone(tally, (attempt) =>
      fetch(`${route(index, attempt)}/api/admin/payments/${orderId}/refunds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ amount: 100, reason: 'requested_by_customer', note: 'chaos' }),
        signal: AbortSignal.timeout(30_000),
      }),
    );
    if (response) accepted += 1;
  });
  return accepted;
}

/** Every object of a list endpoint of the emulator (secret key). */
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

const countBy = <T>(items: T[], key: (item: T) => string | undefined) => {
  const counts = new Map<string, number>();
  for (const item of items) {
    const value = key(item);
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
};

/** What Stripe holds: PaymentIntents per order and refunds per PaymentIntent, and how many of either are doubled. */
export async function stripeSide(emulatorUrl: string) {
  const intents = await listAll<{ id: string; metadata: Record<string, string> }>(emulatorUrl, '/v1/payment_intents');
  const refunds = await listAll<{ id: string; payment_intent: string }>(emulatorUrl, '/v1/refunds');
  const perOrder = countBy(intents, (intent) => intent.metadata.order_id);
  const perIntent = countBy(refunds, (one) => one.payment_intent);
  return {
    intents: intents.length,
    orders: perOrder.size,
    refunds: refunds.length,
    doubled: [...perOrder.values(), ...perIntent.values()].filter((count) => count > 1).length,
  };
}

/** Pays `orderIds` at Stripe and waits until every one is recorded paid; what went wrong, in `failures`. */
export async function payAndWait(emulatorUrl: string, prisma: PrismaClient, orderIds: string[], failures: string[]) {
  const unconfirmed = await payAtStripe(emulatorUrl, prisma, orderIds);
  if (unconfirmed > 0) failures.push(`${unconfirmed} PaymentIntents could not be confirmed at the emulator`);
  const paid = await waitUntil(
    async () => (await prisma.order.count({ where: { id: { in: orderIds }, status: 'paid' } })) === orderIds.length,
    60_000,
  );
  if (!paid) failures.push('the paid orders were not all recorded paid within 60 s');
}

/**
 * Waits (up to `waitMs`) until all `refunds` requested refunds succeeded at Stripe, then counts both sides: one order
 * per checkout, one refund per request, here and at Stripe. Failures go to `failures`; returns the duplicates found
 * and how long the refunds took to be all sent.
 */
export async function settleAndCount(
  emulatorUrl: string,
  prisma: PrismaClient,
  expected: { checkouts: number; refunds: number },
  waitMs: number,
  failures: string[],
) {
  const since = performance.now();
  const sent = await waitUntil(
    async () => (await prisma.refund.count({ where: { status: 'succeeded' } })) === expected.refunds,
    waitMs,
  );
  const sentAfterSeconds = (performance.now() - since) / 1000;
  if (!sent) failures.push(`not every refund succeeded at Stripe within ${waitMs / 1000} s`);
  const stripe = await stripeSide(emulatorUrl);
  const orders = await prisma.order.count();
  const refunds = await prisma.refund.count();
  if (orders !== expected.checkouts) failures.push(`${orders} orders for ${expected.checkouts} checkouts`);
  if (refunds !== expected.refunds) failures.push(`${refunds} refunds for ${expected.refunds} requests`);
  if (stripe.refunds !== expected.refunds) failures.push(`${stripe.refunds} refunds at Stripe for ${expected.refunds}`);
  const duplicates =
    stripe.doubled + Math.max(0, orders - expected.checkouts) + Math.max(0, refunds - expected.refunds);
  return { stripe, duplicates, sentAfterSeconds };
}
