// Failover and rolling restarts under load, measured from the client's side: 10 connections send checkouts (each its
// own Idempotency-Key) through the proxy while API processes are killed or restarted.
import { expect, test } from '../fixtures';
import {
  allPaymentIntents,
  checkout,
  firstProductId,
  processes,
  restarted,
  runLoad,
  sleep,
  sql,
  summarize,
  type Outcome,
} from './topology';

const CONNECTIONS = 10;

/** The checkouts of one run: key n of the run `run`. */
const keyOf = (run: string, n: number) => `${run}-${n}`;

/**
 * One order and one PaymentIntent per key, and nothing else: the database's orders for the keys, and the emulator's
 * PaymentIntents for those orders (Stripe's side).
 */
async function expectOnePerKey(run: string, keys: string[]) {
  const orders = await sql<{ idempotency_key: string; id: string; payment_intent_id: string | null }>(
    'SELECT idempotency_key, id, payment_intent_id FROM orders WHERE idempotency_key LIKE $1',
    [`${run}-%`],
  );
  expect(orders.map((o) => o.idempotency_key).sort()).toEqual([...keys].sort());
  const intents = (await allPaymentIntents()).filter((intent) => intent.metadata.order_id !== undefined);
  const byOrder = new Map<string, string[]>();
  for (const intent of intents)
    byOrder.set(intent.metadata.order_id!, [...(byOrder.get(intent.metadata.order_id!) ?? []), intent.id]);
  const doubled = orders.filter((o) => (byOrder.get(o.id) ?? []).length !== 1);
  expect(doubled, 'orders without exactly one PaymentIntent').toEqual([]);
  expect(orders.filter((o) => o.payment_intent_id !== byOrder.get(o.id)![0])).toEqual([]);
  return { orders: orders.length, paymentIntents: orders.reduce((n, o) => n + byOrder.get(o.id)!.length, 0) };
}

/** Sends every failed checkout again with its own key until it is answered 201; how many tries that took. */
async function retryFailures(productId: string, run: string, failures: Outcome[]) {
  let tries = 0;
  for (const failure of failures) {
    for (let attempt = 1; ; attempt++) {
      tries++;
      const answer = await checkout(productId, keyOf(run, failure.n)).catch(() => null);
      if (answer?.status === 201) break;
      if (attempt === 5) throw new Error(`checkout ${failure.n} still fails: ${answer?.status} ${answer?.body}`);
      await sleep(500);
    }
  }
  return tries;
}

test('an API process SIGKILLed under load: no request lost but those it held, and a retry makes nothing twice', async () => {
  const productId = await firstProductId();
  const run = `failover-${Date.now()}`;
  const directRun = `direct-${Date.now()}`;
  const started = Date.now();
  const before = processes().processes['api-1']!;
  let killedAt = 0;
  const killer = (async () => {
    await sleep(5_000);
    killedAt = Date.now();
    process.kill(before.pid!, 'SIGKILL');
    const after = await restarted('api-1', before.starts);
    return (Date.parse(after.readyAt!) - killedAt) / 1000;
  })();
  const until = () => Date.now() - started > 20_000;
  // Through the proxy, which sends a keyed checkout the killed process held to the other one.
  const proxied = runLoad({ connections: CONNECTIONS, until, send: (n) => checkout(productId, keyOf(run, n)) });
  // And two clients straight to the process that is killed, with no proxy to hide it: what it held when it died
  // fails, and they send it again with the same key (through the proxy).
  let directLost = false;
  const direct = runLoad({
    connections: 2,
    // They stop at their first failure: the requests the process held when it died (not what it refused after).
    until: () => until() || directLost,
    send: async (n) => {
      const key = keyOf(directRun, n);
      const response = await fetch(`http://127.0.0.1:${before.port}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ items: [{ productId, quantity: 1 }], currency: 'usd', email: `${key}@example.com` }),
      }).catch((error: Error) => {
        directLost = true;
        throw new Error(String((error.cause as { code?: string } | undefined)?.code ?? error.message));
      });
      return { status: response.status, headers: {}, body: await response.text() };
    },
  });
  const [load, straight] = await Promise.all([proxied, direct]);
  const recoverySeconds = await killer;
  const figures = summarize(load, 201);
  const failures = load.outcomes.filter((o) => o.status !== 201);
  // At most what was in flight on the killed process: one request per connection.
  expect(failures.length, JSON.stringify(figures)).toBeLessThanOrEqual(CONNECTIONS);
  const retries = await retryFailures(productId, run, failures);
  const directFailures = straight.outcomes.filter((o) => o.status !== 201);
  // The direct clients lost what the killed process held: one request each, answered by nothing.
  expect(directFailures.length).toBeGreaterThan(0);
  expect(directFailures.length).toBeLessThanOrEqual(2);
  const directRetries = await retryFailures(productId, directRun, directFailures);
  const created = await expectOnePerKey(
    run,
    load.outcomes.map((o) => keyOf(run, o.n)),
  );
  const createdDirect = await expectOnePerKey(
    directRun,
    straight.outcomes.map((o) => keyOf(directRun, o.n)),
  );
  const report = {
    ...figures,
    killedAfterSeconds: (killedAt - started) / 1000,
    recoverySeconds,
    retries,
    ...created,
    direct: { ...summarize(straight, 201), retries: directRetries, ...createdDirect },
  };
  console.log(`failover: ${JSON.stringify(report)}`);
  test.info().annotations.push({ type: 'figures', description: JSON.stringify(report) });
});

test('a rolling restart of both API processes and both workers under load: zero failed requests', async () => {
  const productId = await firstProductId();
  const run = `rolling-${Date.now()}`;
  const before = processes().processes;
  const names = Object.keys(before).filter((name) => /^(api|worker)-\d$/.test(name));
  let done = 0;
  const started = Date.now();
  const restart = (async () => {
    await sleep(3_000);
    process.kill(processes().supervisor, 'SIGHUP');
    for (const name of names) await restarted(name, before[name]!.starts, 120_000);
    done = Date.now();
  })();
  const load = await runLoad({
    connections: CONNECTIONS,
    // Load before, throughout and after: 3 s past the last restart, 20 s at least.
    until: () =>
      (done > 0 && Date.now() - done > 3_000 && Date.now() - started > 20_000) || Date.now() - started > 150_000,
    send: (n) => checkout(productId, keyOf(run, n)),
  });
  await restart;
  const figures = summarize(load, 201);
  const after = processes().processes;
  for (const name of names) expect(after[name]!.pid, name).not.toBe(before[name]!.pid);
  expect(figures.failures, JSON.stringify(figures)).toBe(0);
  const created = await expectOnePerKey(
    run,
    load.outcomes.map((o) => keyOf(run, o.n)),
  );
  const report = { ...figures, restartSeconds: (done - started) / 1000 - 3, restarted: names, ...created };
  console.log(`rolling restart: ${JSON.stringify(report)}`);
  test.info().annotations.push({ type: 'figures', description: JSON.stringify(report) });
});
