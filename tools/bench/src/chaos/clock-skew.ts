// Scenario 5: webhook senders whose clocks are off by ten minutes either way. Beyond WEBHOOK_TOLERANCE_SECONDS (300)
// every delivery is refused with 400, counted as a rejection, and nothing of it is processed; within it (four
// minutes either way) every delivery is accepted and processed once.
import { randomUUID } from 'node:crypto';
import { prismaOf } from '@storepay/db/testing';
import { signWebhookPayload } from '@storepay/payments-core/server';
import { WEBHOOK_SECRET } from '../api-process';
import { AMOUNT, paymentIntentEvent, type BenchPayment } from '../webhook-events';
import { createChaosDatabase, startSystem, waitUntil, type ChaosReport } from './system';

const GROUPS = [
  { name: '10 min behind', skewSeconds: -600, accepted: false },
  { name: '10 min ahead', skewSeconds: 600, accepted: false },
  { name: '4 min behind', skewSeconds: -240, accepted: true },
  { name: '4 min ahead', skewSeconds: 240, accepted: true },
  { name: 'on time', skewSeconds: 0, accepted: true },
];

export async function clockSkew(
  runId: string,
  emulatorPort: number,
  { perGroup = 100 }: { perGroup?: number } = {},
): Promise<ChaosReport> {
  const PER_GROUP = perGroup;
  const started = performance.now();
  const database = await createChaosDatabase(runId, 'clock-skew');
  const prisma = prismaOf(database.db);
  // The suite signs the deliveries itself, with the secret the API is given.
  const system = await startSystem({
    databaseUrl: database.url,
    emulatorPort,
    env: { RECONCILE_INTERVAL_MS: '0', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET },
  });
  const failures: string[] = [];
  try {
    const deliveries = GROUPS.flatMap((group, g) =>
      Array.from({ length: PER_GROUP }, (_, i) => {
        const payment: BenchPayment = {
          orderId: randomUUID(),
          paymentIntentId: `pi_skew_${runId}_${g}_${i}`,
          chargeId: `ch_skew_${runId}_${g}_${i}`,
        };
        const event = paymentIntentEvent(
          `evt_skew_${runId}_${g}_${i}`,
          payment,
          'succeeded',
          Math.floor(Date.now() / 1000),
        );
        return { group, payment, event };
      }),
    );
    await prisma.order.createMany({
      data: deliveries.map(({ payment }) => ({
        id: payment.orderId,
        currency: 'usd',
        amount: AMOUNT,
        email: 'skew@example.com',
      })),
    });
    await prisma.payment.createMany({
      data: deliveries.map(({ payment }) => ({
        orderId: payment.orderId,
        stripePaymentIntentId: payment.paymentIntentId,
        status: 'requires_payment_method' as const,
        currency: 'usd',
        amount: AMOUNT,
      })),
    });

    // Delivered ten at a time, each signed by a sender whose clock is its group's skew away from ours.
    const answers = new Map<string, number>();
    for (let i = 0; i < deliveries.length; i += 10) {
      await Promise.all(
        deliveries.slice(i, i + 10).map(async ({ group, event }) => {
          const body = JSON.stringify(event);
          const signature = signWebhookPayload(body, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) + group.skewSeconds);
          const response = await fetch(`${system.http[0]!.url}/webhooks/stripe`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'stripe-signature': signature },
            body,
          });
          answers.set(event.id, response.status);
        }),
      );
    }

    const accepted = deliveries.filter(({ group }) => group.accepted);
    const refused = deliveries.filter(({ group }) => !group.accepted);
    const wrongAnswers = deliveries.filter(
      ({ group, event }) => answers.get(event.id) !== (group.accepted ? 200 : 400),
    );
    if (wrongAnswers.length > 0) {
      failures.push(
        `${wrongAnswers.length} deliveries answered otherwise than expected, e.g. ${wrongAnswers[0]!.group.name}: ${answers.get(wrongAnswers[0]!.event.id)}`,
      );
    }
    // Everything accepted is processed; the refused stay out of the inbox and their orders unpaid.
    const processed = await waitUntil(async () => {
      const count = await prisma.webhookEvent.count({
        where: { stripeEventId: { in: accepted.map(({ event }) => event.id) }, status: 'processed' },
      });
      return count === accepted.length ? count : 0;
    }, 60_000);
    const lost =
      accepted.length -
      (processed ||
        (await prisma.webhookEvent.count({
          where: { stripeEventId: { in: accepted.map(({ event }) => event.id) }, status: 'processed' },
        })));
    const stored = await prisma.webhookEvent.count({
      where: { stripeEventId: { in: refused.map(({ event }) => event.id) } },
    });
    if (stored > 0) failures.push(`${stored} refused deliveries are in the inbox`);
    const paidRefused = await prisma.order.count({
      where: { id: { in: refused.map(({ payment }) => payment.orderId) }, status: { not: 'pending' } },
    });
    if (paidRefused > 0) failures.push(`${paidRefused} orders of refused deliveries changed`);
    // Counted: the rejection counter flushes its per-minute counts every few seconds.
    const counted = await waitUntil(async () => {
      const rows = await prisma.webhookRejectionCount.findMany({ where: { reason: 'stale_timestamp' } });
      const total = rows.reduce((sum, row) => sum + row.count, 0);
      return total >= refused.length ? total : 0;
    }, 30_000);
    if (counted !== refused.length) {
      failures.push(`${counted} stale_timestamp rejections counted for ${refused.length} refused deliveries`);
    }
    const fulfilments = await prisma.outboxMessage.groupBy({
      by: ['orderId'],
      where: { orderId: { in: accepted.map(({ payment }) => payment.orderId) }, kind: 'order.paid' },
      _count: { _all: true },
    });
    const duplicates = fulfilments.filter((row) => row._count._all > 1).length;
    const unpaid = accepted.length - fulfilments.length;
    if (unpaid > 0) failures.push(`${unpaid} accepted orders have no fulfilment`);
    return {
      scenario: 'clock skew',
      load: `${deliveries.length} signed deliveries, 10 at a time`,
      faults: `${refused.length} signed 10 min behind or ahead (tolerance 300 s); ${PER_GROUP * 2} 4 min off`,
      lost,
      duplicates,
      failures,
      notes: [
        `${refused.length} refused with 400 and counted as stale_timestamp; ${accepted.length} accepted and processed once`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await system.stop();
    await database.drop();
  }
}
