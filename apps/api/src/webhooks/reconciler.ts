import {
  createOrderRepository,
  createReconciliationRepository,
  createWebhookInboxRepository,
  type PrismaClient,
} from '@storepay/db';
import {
  orderStatusForPaymentIntent,
  webhookEventFacts,
  type PaymentIntentId,
  type StripeEventEnvelope,
} from '@storepay/payments-core';
import type { PaymentGateway, StripeEventSource } from '@storepay/payments-core/server';
import { factsOf } from '../payment-facts';

export interface ReconcilerOptions {
  prisma: PrismaClient;
  events: StripeEventSource;
  /** Reads PaymentIntents for the drift check; without it the run only backfills events. */
  payments?: PaymentGateway;
  /** How far back the first run (no cursor yet) and the undelivered-events sweep look. Stripe keeps 30 days. */
  lookbackSeconds?: number;
  /** Re-read this much before the last cursor: events created in the same seconds may have been listed late. */
  overlapSeconds?: number;
  /** Most events one run reads (per listing). */
  maxEvents?: number;
}

export interface ReconciliationSummary {
  runId: string;
  eventsListed: number;
  eventsInserted: number;
  insertedEventIds: string[];
  drift: PaymentDrift[];
}

/** A payment whose mirror disagrees with Stripe's PaymentIntent, and whether the run repaired it. */
export interface PaymentDrift {
  paymentIntentId: string;
  field: 'status' | 'amount_received' | 'unreadable';
  ours: string | number | null;
  stripe: string | number | null;
  repaired: boolean;
}

export interface Reconciler {
  /** Lists Stripe's events since the cursor, plus those Stripe failed to deliver, and puts what the inbox lacks in it. */
  run(triggeredById?: string | null): Promise<ReconciliationSummary>;
}

export function createReconciler({
  prisma,
  events,
  payments,
  lookbackSeconds = 3 * 24 * 3600,
  overlapSeconds = 300,
  maxEvents = 10_000,
}: ReconcilerOptions): Reconciler {
  const runs = createReconciliationRepository(prisma);
  const inbox = createWebhookInboxRepository(prisma);
  const orders = createOrderRepository(prisma);

  /**
   * The drift check: every payment created in the look-back window is compared with Stripe's PaymentIntent. A status
   * or amount that differs is repaired from Stripe (through the same monotonic order rules as everything else) and
   * reported; a PaymentIntent that cannot be read is reported. Refunds and disputes are not compared yet.
   */
  async function checkDrift(since: Date): Promise<PaymentDrift[]> {
    if (!payments) return [];
    const rows = await prisma.payment.findMany({
      where: { createdAt: { gte: since } },
      orderBy: { createdAt: 'desc' },
      take: 1000,
    });
    const drift: PaymentDrift[] = [];
    for (const row of rows) {
      // Events still waiting in the inbox will bring this payment up to date; don't race the worker.
      const waiting = await prisma.webhookEvent.count({
        where: { paymentIntentId: row.stripePaymentIntentId, status: { in: ['received', 'processing', 'failed'] } },
      });
      if (waiting > 0) continue;
      const intent = await payments.retrievePaymentIntent(row.stripePaymentIntentId as PaymentIntentId);
      if (!intent.ok) {
        drift.push({
          paymentIntentId: row.stripePaymentIntentId,
          field: 'unreadable',
          ours: row.status,
          stripe: intent.error.kind,
          repaired: false,
        });
        continue;
      }
      const differences: PaymentDrift[] = [];
      if (intent.value.status !== row.status) {
        differences.push({
          paymentIntentId: row.stripePaymentIntentId,
          field: 'status',
          ours: row.status,
          stripe: intent.value.status,
          repaired: false,
        });
      }
      if (intent.value.amountReceived !== row.amountReceived) {
        differences.push({
          paymentIntentId: row.stripePaymentIntentId,
          field: 'amount_received',
          ours: row.amountReceived,
          stripe: intent.value.amountReceived,
          repaired: false,
        });
      }
      if (differences.length === 0) continue;
      const next = orderStatusForPaymentIntent(intent.value.status, intent.value.lastPaymentError !== null);
      await orders.applyPaymentIntent(row.orderId, factsOf(intent.value), next);
      const after = await prisma.payment.findUniqueOrThrow({ where: { id: row.id } });
      for (const difference of differences) {
        difference.repaired =
          difference.field === 'status'
            ? after.status === intent.value.status
            : after.amountReceived === intent.value.amountReceived;
        drift.push(difference);
      }
    }
    return drift;
  }

  return {
    async run(triggeredById = null) {
      const runId = await runs.start(triggeredById);
      try {
        const now = Math.floor(Date.now() / 1000);
        const last = await runs.lastCursor();
        const from = last ? Math.floor(last.getTime() / 1000) - overlapSeconds : now - lookbackSeconds;

        const recent = await events.listEvents({ createdGte: from, max: maxEvents });
        if (!recent.ok) throw new Error(recent.error.internalMessage);
        const undelivered = await events.listEvents({
          createdGte: now - lookbackSeconds,
          undeliveredOnly: true,
          max: maxEvents,
        });
        if (!undelivered.ok) throw new Error(undelivered.error.internalMessage);

        const all = new Map<string, StripeEventEnvelope>();
        for (const event of [...recent.value, ...undelivered.value]) all.set(event.id, event);

        const insertedEventIds: string[] = [];
        // Oldest first, so the worker sees a payment's events in the order Stripe created them.
        for (const event of [...all.values()].sort((a, b) => a.created - b.created)) {
          const { handled, ...facts } = webhookEventFacts(event);
          const { inserted } = await inbox.insert({
            ...facts,
            payload: event,
            source: 'reconciler',
            status: handled ? 'received' : 'ignored',
          });
          if (inserted) insertedEventIds.push(event.id);
        }

        const drift = await checkDrift(new Date((now - lookbackSeconds) * 1000));

        // A complete listing covers everything up to now; a truncated one continues from its newest event.
        const complete = recent.value.length < maxEvents;
        const newest = Math.max(from, ...recent.value.map((e) => e.created));
        const cursorTo = complete ? now : newest;
        await runs.succeed(runId, {
          cursorFrom: new Date(from * 1000),
          cursorTo: new Date(cursorTo * 1000),
          eventsListed: all.size,
          eventsInserted: insertedEventIds.length,
          findings: {
            missingEvents: insertedEventIds.slice(0, 100),
            undeliveredListed: undelivered.value.length,
            drift: drift.slice(0, 200),
          },
        });
        return { runId, eventsListed: all.size, eventsInserted: insertedEventIds.length, insertedEventIds, drift };
      } catch (error) {
        await runs.fail(runId, error instanceof Error ? error.message : String(error));
        throw error;
      }
    },
  };
}
