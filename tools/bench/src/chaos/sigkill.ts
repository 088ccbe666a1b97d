// Scenario 4: an API process SIGKILLed while shoppers check out, and another while staff refund. A load balancer
// sends each request to one of two processes; a request the dead one held fails, and the client sends it again,
// with the same Idempotency-Key, to the survivor. No order, PaymentIntent or refund exists twice.
import { prismaOf } from '@storepay/db/testing';
import { startApi } from '../api-process';
import { freePort, type Service } from '../processes';
import { checkOut, formatTally, newTally, payAndWait, refund, settleAndCount, type Route } from './shop';
import { createChaosDatabase, startSystem, type ChaosReport } from './system';

/**
 * Two processes, alternating by request. `victim` is SIGKILLed once `killAfter` requests were sent (those in flight
 * to it die with it); from then on every attempt goes to the survivor, as a load balancer's health check decides.
 */
function failover(victim: Service, survivor: Service, killAfter: number) {
  let sent = 0;
  let dead = false;
  let killed: Promise<void> = Promise.resolve();
  const route: Route = (index, attempt) => {
    sent += 1;
    if (sent === killAfter) {
      dead = true;
      killed = victim.kill();
    }
    return dead || (index + attempt) % 2 === 1 ? survivor.url : victim.url;
  };
  return { route, killed: () => killed };
}

export async function sigkill(
  runId: string,
  emulatorPort: number,
  { checkouts = 400, refunds = 150 }: { checkouts?: number; refunds?: number } = {},
): Promise<ChaosReport> {
  const started = performance.now();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const database = await createChaosDatabase(runId, 'sigkill');
  const prisma = prismaOf(database.db);
  const env = { RECONCILE_INTERVAL_MS: '3000', SEED_DEMO_CATALOG: 'true', STRIPE_WEBHOOK_SECRET: '' };
  const system = await startSystem({ databaseUrl: database.url, emulatorPort, httpProcesses: 2, env });
  let replacement: Service | null = null;
  const failures: string[] = [];
  try {
    // 1. Checkouts; the first process dies a third of the way in.
    const [first, second] = system.http as [Service, Service];
    const checkoutTally = newTally();
    const during = failover(first, second, Math.ceil(checkouts / 3));
    const orderIds = await checkOut(during.route, checkouts, checkoutTally);
    await during.killed();
    const placed = orderIds.filter((id): id is string => id !== null);
    if (placed.length !== checkouts) failures.push(`${checkouts - placed.length} checkouts never succeeded`);

    // 2. Pay some, and start a process in place of the dead one (the worker never stopped).
    const paying = placed.slice(0, refunds);
    await payAndWait(emulatorUrl, prisma, paying, failures);
    replacement = await startApi({
      mode: 'http',
      emulatorPort,
      port: await freePort(),
      database: { url: database.url },
      env: { ...env, SEED_DEMO_CATALOG: 'false' },
    });

    // 3. Refunds; the replacement dies a third of the way in, the second process takes its requests.
    const refundTally = newTally();
    const refunding = failover(replacement, second, Math.ceil(paying.length / 3));
    const accepted = await refund(refunding.route, paying, refundTally);
    await refunding.killed();
    if (accepted !== paying.length) failures.push(`${paying.length - accepted} refunds never accepted`);
    // A refund the dead process was sending when it died is held by its sending lease; whether it reached Stripe
    // nobody knows, so the reconciler's sweep sends it again (same key) once it is a minute old.
    const { stripe, duplicates, sentAfterSeconds } = await settleAndCount(
      emulatorUrl,
      prisma,
      { checkouts, refunds: paying.length },
      150_000,
      failures,
    );
    const unansweredByDeath = checkoutTally.unanswered + refundTally.unanswered;
    return {
      scenario: 'SIGKILL',
      load: `${checkouts} checkouts, then ${refunds} refunds, 10 at a time over two API processes`,
      faults: 'one process SIGKILLed a third of the way into the checkouts, another into the refunds',
      lost: checkouts - placed.length + (paying.length - accepted),
      duplicates,
      failures,
      notes: [
        `checkout requests: ${formatTally(checkoutTally)}; refund requests: ${formatTally(refundTally)}`,
        `${unansweredByDeath} requests died with their process and were sent again to the survivor; every refund ` +
          `at Stripe ${sentAfterSeconds.toFixed(1)} s after the last was accepted (the sweep sends those the dead one held)`,
        `Stripe holds ${stripe.intents} PaymentIntents for ${stripe.orders} orders and ${stripe.refunds} refunds`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await replacement?.stop();
    await system.stop();
    await database.drop();
  }
}
