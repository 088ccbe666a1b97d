// A worker restarted in the middle of a burst of 2,000 webhook events: 1,000 shoppers pay at once, Stripe (the
// emulator) sends its events for each payment through the proxy to the API processes, the workers process them, and
// one worker is stopped (SIGTERM) and started again while they do. Every event is applied once.
import { expect, test } from '../fixtures';
import {
  checkout,
  firstProductId,
  processes,
  restarted,
  runLoad,
  shop,
  sleep,
  sql,
  STRIPE_KEY,
  stripeApi,
  summarize,
} from './topology';

const PAYMENTS = 1_000;
/** What Stripe sends the endpoint for a card payment that succeeds (of the events it is registered for). */
const EVENTS_PER_PAYMENT = ['payment_intent.succeeded', 'charge.succeeded'];

test('a worker restarted mid-burst of 2,000 events: every event applied once, none lost', async () => {
  // 1,000 orders with their PaymentIntents, made through the shop.
  const productId = await firstProductId();
  const run = `burst-${Date.now()}`;
  let issued = 0;
  const made = await runLoad({
    connections: 10,
    until: () => issued >= PAYMENTS,
    send: () => checkout(productId, `${run}-${issued++}`),
  });
  expect(summarize(made, 201).failures).toBe(0);
  const orders = await sql<{ id: string; payment_intent_id: string }>(
    'SELECT id, payment_intent_id FROM orders WHERE idempotency_key LIKE $1',
    [`${run}-%`],
  );
  expect(orders).toHaveLength(PAYMENTS);
  const intents = orders.map((order) => order.payment_intent_id);

  // Every shopper pays at once (as Stripe.js confirms); a quarter in, worker-1 is stopped and started again.
  const worker = processes().processes['worker-1']!;
  const restart: { seconds?: Promise<number> } = {};
  let confirmed = 0;
  const paid = await runLoad({
    connections: 10,
    until: () => confirmed >= PAYMENTS,
    send: async () => {
      const intent = intents[confirmed++]!;
      if (confirmed === PAYMENTS / 4) {
        restart.seconds = (async () => {
          const at = Date.now();
          process.kill(worker.pid!, 'SIGTERM');
          await restarted('worker-1', worker.starts);
          return (Date.now() - at) / 1000;
        })();
      }
      const response = await fetch(`${stripeApi}/v1/payment_intents/${intent}/confirm`, {
        method: 'POST',
        headers: { authorization: `Bearer ${STRIPE_KEY}` },
        body: new URLSearchParams({ payment_method: 'pm_card_visa', return_url: `${shop}/done` }),
      });
      return { status: response.status, headers: {}, body: await response.text() };
    },
  });
  const payments = summarize(paid, 200);
  expect(payments.failures, JSON.stringify(payments)).toBe(0);
  expect(restart.seconds).toBeDefined();
  const restartSeconds = await restart.seconds!;
  const events = PAYMENTS * EVENTS_PER_PAYMENT.length;

  // Every event Stripe sent arrived and was processed, once: one attempt each, nothing left behind. (The inbox also
  // keeps Stripe's payment_intent.created of each payment, which the reconciler brings in and nothing applies.)
  type Row = { type: string; status: string; attempts: number; locked_by: string };
  const deadline = Date.now() + 90_000;
  let rows: Row[];
  for (;;) {
    rows = await sql<Row>(
      'SELECT type, status, attempts, locked_by FROM webhook_events WHERE payment_intent_id = ANY($1) AND type = ANY($2)',
      [intents, EVENTS_PER_PAYMENT],
    );
    if (rows.length >= events && rows.every((r) => r.status === 'processed')) break;
    if (Date.now() > deadline) break;
    await sleep(250);
  }
  const byStatus = rows.reduce<Record<string, number>>(
    (counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }),
    {},
  );
  expect(rows, JSON.stringify(byStatus)).toHaveLength(events);
  expect(byStatus.processed ?? 0, JSON.stringify(byStatus)).toBe(events);
  for (const type of EVENTS_PER_PAYMENT)
    expect(
      rows.filter((r) => r.type === type),
      type,
    ).toHaveLength(PAYMENTS);
  expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
  // The stopped worker processed part of the burst before it went, and the others (its successor too) the rest.
  const stoppedWorker = `:${worker.pid}:`;
  const byStopped = rows.filter((r) => r.locked_by.includes(stoppedWorker)).length;
  expect(byStopped).toBeGreaterThan(0);
  expect(byStopped).toBeLessThan(events);

  // The effects: each order paid once, with one payment and one order.paid message.
  const [effects] = await sql<{ paid: string; payments: string; messages: string }>(
    `SELECT (SELECT count(*) FROM orders WHERE idempotency_key LIKE $1 AND status = 'paid') AS paid,
            (SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id
              WHERE o.idempotency_key LIKE $1 AND p.status = 'succeeded') AS payments,
            (SELECT count(*) FROM outbox_messages m JOIN orders o ON o.id = m.order_id
              WHERE o.idempotency_key LIKE $1 AND m.kind = 'order.paid') AS messages`,
    [`${run}-%`],
  );
  expect(effects).toEqual({ paid: String(PAYMENTS), payments: String(PAYMENTS), messages: String(PAYMENTS) });

  const report = { events, confirmations: payments, restartSeconds, processedByStoppedWorker: byStopped };
  console.log(`worker restart: ${JSON.stringify(report)}`);
  test.info().annotations.push({ type: 'figures', description: JSON.stringify(report) });
});
