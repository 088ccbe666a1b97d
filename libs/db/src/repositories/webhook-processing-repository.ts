import {
  applyWebhookEvent,
  DEFAULT_RETRY_POLICY,
  failureOutcome,
  type ChargeChange,
  type DisputeChange,
  type OrderStatus,
  type PaymentIntentChange,
  type PaymentIntentStatus,
  type RefundChange,
  type RetryPolicy,
  type WebhookEffects,
  type WebhookOutcome,
} from '@storepay/payments-core';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';

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

export type ProcessingResult =
  | { status: 'processed' | 'ignored'; outcome: WebhookOutcome }
  | { status: 'failed'; error: string; retryInMs: number }
  | { status: 'dead'; error: string }
  /** Another worker reclaimed the row (our lease expired): nothing of ours was committed. */
  | { status: 'lost' };

export interface WebhookProcessingRepository {
  /**
   * Claims due inbox rows in one short statement with `FOR UPDATE SKIP LOCKED`: `received`, or `failed` whose
   * next attempt is due, or `processing` past the lease. Only the oldest unfinished event of each PaymentIntent is
   * due (by Stripe's `created`, then event id), so the events of one PaymentIntent are processed one at a time, in
   * order; an older event still `failed` holds the later ones back until it is processed or dead.
   */
  claim(options: ClaimOptions): Promise<ClaimedWebhookEvent[]>;
  /**
   * Applies a claimed event's effect and marks it processed (or ignored) in one transaction; on an error, records
   * it (failed with the next attempt time after exponential backoff with jitter, or dead after the last attempt).
   */
  process(event: ClaimedWebhookEvent): Promise<ProcessingResult>;
  /**
   * Applies several claimed events in one transaction: their effects, then one statement marking each with its
   * outcome, fenced on every claim; the transaction's round trips and its commit are paid once for all of them. The events must be of different PaymentIntents (as
   * one claim's are: it never takes two unfinished events of one PaymentIntent). If any of them throws (an error, a
   * malformed event, a lost claim), nothing of the batch is committed and each event goes through `process` on its
   * own, so a bad event costs its batch a second try and never changes what the others do.
   */
  processBatch(events: readonly ClaimedWebhookEvent[]): Promise<ProcessingResult[]>;
}

export interface WebhookProcessingOptions {
  retry?: RetryPolicy;
  /** In [0, 1); the jitter of the backoff. */
  random?: () => number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ERROR_LENGTH = 2000;
/** A batch's transaction may take this long (Prisma's default of 5 s is meant for one short effect). */
const BATCH_TRANSACTION_TIMEOUT_MS = 30_000;

class LostClaimError extends Error {
  constructor() {
    super('the claim on this event was lost');
    this.name = 'LostClaimError';
  }
}

class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

type Tx = Prisma.TransactionClient;

/** The handlers' persistence, inside one transaction. */
export function createWebhookEffects(tx: Tx): WebhookEffects {
  return {
    async lockPayment(paymentIntentId) {
      const rows = await tx.$queryRaw<
        { order_id: string; status: string; last_stripe_event_id: string | null; last_ms: number | null }[]
      >`SELECT order_id::text AS order_id, status::text AS status, last_stripe_event_id,
               (extract(epoch FROM last_stripe_event_at) * 1000)::float8 AS last_ms
          FROM payments WHERE stripe_payment_intent_id = ${paymentIntentId} FOR UPDATE`;
      const row = rows[0];
      if (!row) return null;
      return {
        orderId: row.order_id,
        status: row.status as PaymentIntentStatus,
        lastStripeEventId: row.last_stripe_event_id,
        lastStripeEventAtMs: row.last_ms === null ? null : Math.round(Number(row.last_ms)),
      };
    },

    async createPayment(orderId, change: PaymentIntentChange) {
      if (!UUID.test(orderId)) return false;
      const order = await tx.order.findUnique({ where: { id: orderId }, select: { email: true } });
      if (!order) return false;
      await tx.payment.createMany({
        data: [
          {
            orderId,
            stripePaymentIntentId: change.paymentIntentId,
            status: change.status,
            currency: change.currency,
            amount: change.amount,
            email: order.email,
          },
        ],
        skipDuplicates: true,
      });
      return true;
    },

    async updatePaymentIntent(change) {
      await tx.payment.update({
        where: { stripePaymentIntentId: change.paymentIntentId },
        data: {
          status: change.status,
          amount: change.amount,
          amountReceived: change.amountReceived,
          amountCapturable: change.amountCapturable,
          ...(change.latestChargeId ? { stripeChargeId: change.latestChargeId } : {}),
          failureCode: change.lastPaymentError?.code ?? null,
          declineCode: change.lastPaymentError?.declineCode ?? null,
          failureMessage: change.lastPaymentError?.message ?? null,
          lastStripeEventId: change.eventId,
          lastStripeEventAt: new Date(change.eventCreatedAtMs),
          version: { increment: 1 },
        },
      });
    },

    async updateCharge(change: ChargeChange) {
      await tx.payment.update({
        where: { stripePaymentIntentId: change.paymentIntentId },
        data: {
          stripeChargeId: change.chargeId,
          ...(change.paymentMethodType ? { paymentMethodType: change.paymentMethodType } : {}),
          ...(change.card
            ? {
                cardBrand: change.card.brand,
                cardLast4: change.card.last4,
                cardExpMonth: change.card.expMonth,
                cardExpYear: change.card.expYear,
                cardCountry: change.card.country,
              }
            : {}),
          ...(change.outcome
            ? {
                riskLevel: change.outcome.riskLevel,
                outcomeType: change.outcome.type,
                networkStatus: change.outcome.networkStatus,
              }
            : {}),
          version: { increment: 1 },
        },
      });
    },

    async lockOrder(orderId) {
      if (!UUID.test(orderId)) return null;
      const rows = await tx.$queryRaw<
        { id: string; status: string; email: string; amount: number; currency: string }[]
      >`
        SELECT id::text AS id, status::text AS status, email, amount, currency
          FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`;
      const row = rows[0];
      return row ? { ...row, status: row.status as OrderStatus, amount: Number(row.amount) } : null;
    },

    async moveOrder(orderId, to) {
      await tx.order.update({ where: { id: orderId }, data: { status: to } });
      if (to === 'paid')
        await tx.order.updateMany({ where: { id: orderId, paidAt: null }, data: { paidAt: new Date() } });
    },

    async enqueueOutbox(entry) {
      const { count } = await tx.outboxMessage.createMany({
        data: [
          {
            orderId: entry.orderId,
            kind: entry.kind,
            dedupeKey: entry.dedupeKey,
            payload: entry.payload as Prisma.InputJsonObject,
          },
        ],
        skipDuplicates: true,
      });
      return count === 1;
    },

    async findRefund(paymentIntentId, stripeRefundId, ourRefundId) {
      const payment = { stripePaymentIntentId: paymentIntentId };
      const select = { id: true, status: true } as const;
      const ours =
        ourRefundId && UUID.test(ourRefundId)
          ? await tx.refund.findFirst({ where: { id: ourRefundId, payment }, select })
          : null;
      return ours ?? (await tx.refund.findFirst({ where: { stripeRefundId, payment }, select }));
    },

    async saveRefund(existingId, change: RefundChange, applyStatus) {
      const facts = {
        stripeRefundId: change.stripeRefundId,
        amount: change.amount,
        currency: change.currency,
        reason: change.reason,
        ...(applyStatus ? { status: change.status, failureReason: change.failureReason } : {}),
      };
      if (existingId) {
        await tx.refund.update({ where: { id: existingId }, data: facts });
        return;
      }
      const { id: paymentId } = await tx.payment.findUniqueOrThrow({
        where: { stripePaymentIntentId: change.paymentIntentId },
        select: { id: true },
      });
      await tx.refund.create({
        data: {
          ...facts,
          paymentId,
          status: change.status,
          failureReason: change.failureReason,
          source: change.ourRefundId ? 'admin' : 'stripe',
        },
      });
    },

    async listRefunds(paymentIntentId) {
      return tx.refund.findMany({
        // Only refunds Stripe has: an admin refund not sent yet (or never answered) has refunded nothing.
        where: { payment: { stripePaymentIntentId: paymentIntentId }, stripeRefundId: { not: null } },
        select: { amount: true, status: true },
      });
    },

    async setAmountRefunded(paymentIntentId, amount) {
      const payment = await tx.payment.update({
        where: { stripePaymentIntentId: paymentIntentId },
        data: { amountRefunded: amount },
        select: { orderId: true },
      });
      const total = await tx.payment.aggregate({
        where: { orderId: payment.orderId },
        _sum: { amountRefunded: true },
      });
      await tx.order.update({
        where: { id: payment.orderId },
        data: { amountRefunded: total._sum.amountRefunded ?? 0 },
      });
    },

    async findDispute(stripeDisputeId) {
      const dispute = await tx.dispute.findUnique({
        where: { stripeDisputeId },
        select: { status: true, lastStripeEventAt: true },
      });
      return dispute
        ? { status: dispute.status, lastStripeEventAtMs: dispute.lastStripeEventAt?.getTime() ?? null }
        : null;
    },

    async saveDispute(change: DisputeChange) {
      const facts = {
        amount: change.amount,
        currency: change.currency,
        reason: change.reason,
        status: change.status,
        evidenceDueBy: change.evidenceDueByMs === null ? null : new Date(change.evidenceDueByMs),
        lastStripeEventAt: new Date(change.eventCreatedAtMs),
      };
      const { id: paymentId } = await tx.payment.findUniqueOrThrow({
        where: { stripePaymentIntentId: change.paymentIntentId },
        select: { id: true },
      });
      await tx.dispute.upsert({
        where: { stripeDisputeId: change.stripeDisputeId },
        create: { ...facts, paymentId, stripeDisputeId: change.stripeDisputeId },
        update: facts,
      });
    },

    async orderSettlement(orderId) {
      if (!UUID.test(orderId)) return { amountRefunded: 0, disputeStatuses: [] };
      const order = await tx.order.findUnique({ where: { id: orderId }, select: { amountRefunded: true } });
      const disputes = await tx.dispute.findMany({ where: { payment: { orderId } }, select: { status: true } });
      return {
        amountRefunded: order?.amountRefunded ?? 0,
        disputeStatuses: disputes.map((dispute) => dispute.status),
      };
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

export function createWebhookProcessingRepository(
  prisma: PrismaClient,
  { retry = DEFAULT_RETRY_POLICY, random = Math.random }: WebhookProcessingOptions = {},
): WebhookProcessingRepository {
  const claimFence = (event: ClaimedWebhookEvent) => ({
    id: event.id,
    status: 'processing' as const,
    lockedBy: event.lockedBy,
    attempts: event.attempts,
  });

  async function recordFailure(event: ClaimedWebhookEvent, error: unknown): Promise<ProcessingResult> {
    const message = errorMessage(error);
    const next = failureOutcome(event.attempts, retry, random);
    const { count } = await prisma.webhookEvent.updateMany({
      where: claimFence(event),
      data: {
        status: next.status,
        lastError: message,
        lockedAt: null,
        lockedBy: null,
        ...(next.status === 'failed' ? { nextAttemptAt: new Date(Date.now() + next.retryInMs) } : {}),
      },
    });
    if (count === 0) return { status: 'lost' };
    return next.status === 'failed'
      ? { status: 'failed', error: message, retryInMs: next.retryInMs }
      : { status: 'dead', error: message };
  }

  /** The event's effect, inside `tx`; throws when the event is malformed. */
  async function apply(tx: Tx, event: ClaimedWebhookEvent): Promise<WebhookOutcome> {
    const data = isRecord(event.payload) && isRecord(event.payload.data) ? event.payload.data : {};
    const applied = await applyWebhookEvent(
      {
        id: event.stripeEventId,
        type: event.type,
        created: event.stripeCreatedAt.getTime() / 1000,
        data: { object: data.object },
      },
      createWebhookEffects(tx),
    );
    if (!applied.ok) throw new MalformedEventError(applied.error.message);
    return applied.value;
  }

  /**
   * Marks applied events with their outcome in one statement, fenced on each claim (`locked_by`, `attempts`, still
   * `processing`); throws when any claim was lost, so the transaction that applied their effects commits nothing.
   */
  async function mark(tx: Tx, events: readonly ClaimedWebhookEvent[], outcomes: readonly WebhookOutcome[]) {
    const count = await tx.$executeRaw`
      UPDATE webhook_events AS w
         SET status = v.status::"WebhookEventStatus", processed_at = clock_timestamp(), locked_at = NULL,
             last_error = NULL
        FROM unnest(${events.map((event) => event.id)}::uuid[], ${outcomes.map((outcome) => outcome.status)}::text[],
                    ${events.map((event) => event.lockedBy)}::text[], ${events.map((event) => event.attempts)}::int[])
             AS v(id, status, locked_by, attempts)
       WHERE w.id = v.id AND w.status = 'processing' AND w.locked_by = v.locked_by AND w.attempts = v.attempts`;
    if (count !== events.length) throw new LostClaimError();
  }

  async function process(event: ClaimedWebhookEvent): Promise<ProcessingResult> {
    try {
      const outcome = await prisma.$transaction(async (tx) => {
        const applied = await apply(tx, event);
        await mark(tx, [event], [applied]);
        return applied;
      });
      return { status: outcome.status, outcome };
    } catch (error) {
      if (error instanceof LostClaimError) return { status: 'lost' };
      return recordFailure(event, error);
    }
  }

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

    process,

    async processBatch(events) {
      if (events.length <= 1) return Promise.all(events.map(process));
      try {
        const outcomes = await prisma.$transaction(
          async (tx) => {
            const applied: WebhookOutcome[] = [];
            for (const event of events) applied.push(await apply(tx, event));
            await mark(tx, events, applied);
            return applied;
          },
          { timeout: BATCH_TRANSACTION_TIMEOUT_MS },
        );
        return outcomes.map((outcome) => ({ status: outcome.status, outcome }));
      } catch {
        // Rolled back whole: one at a time now, each with its own outcome (failed, lost, or applied).
        const results: ProcessingResult[] = [];
        for (const event of events) results.push(await process(event));
        return results;
      }
    },
  };
}
