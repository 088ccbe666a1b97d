// Scenario 3: Stripe (the emulator's fault injection) answers 429, 500, or nothing at all to a fifth of the calls
// while shoppers check out 1,000 times and staff make 200 refunds. Clients behave as ours do: a request that fails
// is sent again with the same Idempotency-Key. Every request is answered; no order has two PaymentIntents, no refund
// is made twice, and every refund reaches Stripe.
import { prismaOf } from '@storepay/db/testing';
import { EmulatorControl } from '@storepay/stripe-emulator';
import { checkOut, formatTally, newTally, payAndWait, refund, settleAndCount } from './shop';
import { createChaosDatabase, startSystem, type ChaosReport } from './system';

/** Each of the three faults on 7.2% of the calls it sees: 20% in all. */
const SHARE = 1 - Math.cbrt(0.8);

export async function stripeFaults(
  runId: string,
  emulatorPort: number,
  { checkouts = 1000, refunds = 200 }: { checkouts?: number; refunds?: number } = {},
): Promise<ChaosReport> {
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
    env: { STRIPE_TIMEOUT_MS: '1500', RECONCILE_INTERVAL_MS: '3000' },
  });
  const route = () => system.http[0]!.url;
  const failures: string[] = [];
  const injectFaults = async () => {
    for (const action of ['rate_limit', 'server_error', 'timeout'] as const) {
      await control.addFault({ method: '*', path: '/v1/*', action, count: 1_000_000_000, probability: SHARE });
    }
  };
  const faultHits = async () => (await control.faults()).reduce((sum, rule) => sum + rule.hits, 0);
  let hits = 0;
  try {
    // 1. Checkouts while Stripe fails a fifth of its calls.
    await injectFaults();
    const checkoutTally = newTally();
    const orderIds = await checkOut(route, checkouts, checkoutTally);
    hits += await faultHits();
    await control.clearFaults();
    const placed = orderIds.filter((id): id is string => id !== null);
    if (placed.length !== checkouts) failures.push(`${checkouts - placed.length} checkouts never succeeded`);

    // 2. Pay the first `refunds` orders (no faults: the shopper's side is not under test here).
    const paying = placed.slice(0, refunds);
    await payAndWait(emulatorUrl, prisma, paying, failures);

    // 3. Refunds while Stripe fails a fifth of its calls; staff retry a failed one with the same key.
    await injectFaults();
    const refundTally = newTally();
    const accepted = await refund(route, paying, refundTally);
    hits += await faultHits();
    await control.clearFaults();
    if (accepted !== paying.length) failures.push(`${paying.length - accepted} refunds never accepted`);
    // Every refund reaches Stripe: those left pending are sent by the reconciler's sweep.
    const { stripe, duplicates } = await settleAndCount(
      emulatorUrl,
      prisma,
      { checkouts, refunds: paying.length },
      60_000,
      failures,
    );
    return {
      scenario: 'Stripe faults',
      load: `${checkouts} checkouts and ${refunds} refunds, 10 at a time, retried with the same key`,
      faults: `${hits} Stripe calls answered 429, 500 or never (each ${(SHARE * 100).toFixed(1)}%, ~20% in all)`,
      lost:
        checkoutTally.unanswered + refundTally.unanswered + (checkouts - placed.length) + (paying.length - accepted),
      duplicates,
      failures,
      notes: [
        `checkout requests: ${formatTally(checkoutTally)}; refund requests: ${formatTally(refundTally)}`,
        `Stripe holds ${stripe.intents} PaymentIntents for ${stripe.orders} orders and ${stripe.refunds} refunds`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await control.clearFaults().catch(() => undefined);
    await system.stop();
    await database.drop();
  }
}
