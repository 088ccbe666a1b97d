import { createReconciliationRepository, createWebhookInboxRepository, type PrismaClient } from '@storepay/db';
import { webhookEventFacts, type StripeEventEnvelope } from '@storepay/payments-core';
import type { PaymentGateway, StripeEventSource } from '@storepay/payments-core/server';
import { createDriftCheck, type PaymentDrift } from './drift-check';

export type { PaymentDrift } from './drift-check';

export interface ReconcilerOptions {
  prisma: PrismaClient;
  events: StripeEventSource;
  /**
   * Reads PaymentIntents and their refunds and disputes for the drift check (see drift-check.ts); without it the
   * run only backfills events.
   */
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
  const driftCheck = payments ? createDriftCheck(prisma, payments) : null;

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

        const drift = driftCheck ? await driftCheck.check(new Date((now - lookbackSeconds) * 1000)) : [];

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
