import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

/** An inbox row claimed by one worker: it is `processing`, locked by `lockedBy`, on attempt `attempts`. */
export interface ClaimedWebhookEvent {
  id: string;
  stripeEventId: string;
  type: string;
  stripeCreatedAt: Date;
  payload: unknown;
  attempts: number;
  lockedBy: string;
}

export interface ClaimOptions {
  workerId: string;
  limit: number;
  /** A row `processing` for longer than this belongs to a worker that died: it is claimed again. */
  leaseMs: number;
}

/** What becomes of an event whose processing failed (the use case decides: retry later, or dead). */
export type ProcessingFailure =
  { status: 'failed'; error: string; nextAttemptAt: Date } | { status: 'dead'; error: string };

/** The inbox as the workers see it: claiming due events, and recording a failure. */
export interface WebhookProcessingRepository {
  /**
   * Claims due inbox rows in one short statement with `FOR UPDATE SKIP LOCKED`: `received`, or `failed` whose
   * next attempt is due, or `processing` past the lease. Only the oldest unfinished event of each PaymentIntent is
   * due (by Stripe's `created`, then event id), so the events of one PaymentIntent are processed one at a time, in
   * order; an older event still `failed` holds the later ones back until it is processed or dead. Oldest first.
   */
  claim(options: ClaimOptions): Promise<ClaimedWebhookEvent[]>;
  /**
   * Records a failed attempt on a claimed row, fenced on the claim; false when the claim was lost (another worker
   * took the row after this one's lease expired), and then nothing is written. Applied events are marked in their
   * own transaction (`PaymentTransaction.markEvents`).
   */
  recordFailure(event: ClaimedWebhookEvent, failure: ProcessingFailure): Promise<boolean>;
}

export function createWebhookProcessingRepository(prisma: PrismaClient): WebhookProcessingRepository {
  return {
    async claim({ workerId, limit, leaseMs }) {
      // One round trip: the claimed rows come back from the UPDATE itself.
      const claimed = await prisma.$queryRaw<
        {
          id: string;
          stripe_event_id: string;
          type: string;
          stripe_created_at: Date;
          payload: unknown;
          attempts: number;
        }[]
      >`
        UPDATE webhook_events AS w
           SET status = 'processing', locked_at = now(), locked_by = ${workerId}, attempts = w.attempts + 1
          FROM (
            -- The head of each PaymentIntent: its oldest unfinished event (one pass over the unfinished rows, in a
            -- plan that does not depend on the planner's row estimates: a burst arriving while the statistics still
            -- say "nothing unfinished" once turned an anti-join into a scan per row, minutes per claim).
            WITH heads AS (
              SELECT DISTINCT ON (u.payment_intent_id)
                     u.id, u.status, u.next_attempt_at, u.locked_at, u.stripe_created_at, u.stripe_event_id
                FROM webhook_events AS u
               WHERE u.status IN ('received', 'processing', 'failed') AND u.payment_intent_id IS NOT NULL
               ORDER BY u.payment_intent_id, u.stripe_created_at, u.stripe_event_id
            ), candidates AS (
              SELECT h.id, h.stripe_created_at, h.stripe_event_id FROM heads AS h
               WHERE (h.status IN ('received', 'failed') AND h.next_attempt_at <= now())
                  OR (h.status = 'processing' AND h.locked_at < now() - ${leaseMs} * interval '1 millisecond')
              UNION ALL
              -- Events of no PaymentIntent have no order to keep.
              SELECT n.id, n.stripe_created_at, n.stripe_event_id FROM webhook_events AS n
               WHERE n.payment_intent_id IS NULL
                 AND ((n.status IN ('received', 'failed') AND n.next_attempt_at <= now())
                      OR (n.status = 'processing' AND n.locked_at < now() - ${leaseMs} * interval '1 millisecond'))
            )
            SELECT e.id FROM webhook_events AS e
              JOIN (SELECT c.id FROM candidates AS c ORDER BY c.stripe_created_at, c.stripe_event_id LIMIT ${limit})
                   AS c ON c.id = e.id
             -- Checked again on the locked row: another worker may have claimed it since the heads were read.
             WHERE (e.status IN ('received', 'failed') AND e.next_attempt_at <= now())
                OR (e.status = 'processing' AND e.locked_at < now() - ${leaseMs} * interval '1 millisecond')
             FOR UPDATE OF e SKIP LOCKED
          ) AS due
         WHERE w.id = due.id
        RETURNING w.id::text AS id, w.stripe_event_id, w.type, w.stripe_created_at, w.payload, w.attempts`;
      return claimed
        .map((row) => ({
          id: row.id,
          stripeEventId: row.stripe_event_id,
          type: row.type,
          stripeCreatedAt: new Date(row.stripe_created_at),
          payload: row.payload,
          attempts: Number(row.attempts),
          lockedBy: workerId,
        }))
        .sort(
          (a, b) =>
            a.stripeCreatedAt.getTime() - b.stripeCreatedAt.getTime() ||
            (a.stripeEventId < b.stripeEventId ? -1 : a.stripeEventId > b.stripeEventId ? 1 : 0),
        );
    },

    async recordFailure(event, failure) {
      const where: Prisma.WebhookEventWhereInput = {
        id: event.id,
        status: 'processing',
        lockedBy: event.lockedBy,
        attempts: event.attempts,
      };
      const { count } = await prisma.webhookEvent.updateMany({
        where,
        data: {
          status: failure.status,
          lastError: failure.error,
          lockedAt: null,
          lockedBy: null,
          ...(failure.status === 'failed' ? { nextAttemptAt: failure.nextAttemptAt } : {}),
        },
      });
      return count === 1;
    },
  };
}
