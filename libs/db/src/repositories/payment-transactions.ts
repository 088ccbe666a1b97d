import {
  AUTHORIZATION_VALIDITY_MS,
  isUuid,
  type ChargeChange,
  type DisputeChange,
  type OrderStatus,
  type PaymentIntentChange,
  type PaymentIntentId,
  type PaymentIntentStatus,
  type RefundChange,
  type RefundReason,
  type RefundSource,
  type RefundStatus,
  type WebhookEffects,
  type AuthorizationActionKind,
  type AuthorizationActionStatus,
} from '@storepay/payments-core';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit, type AuditEntry } from './audit-repository';
import { refundInclude, storedRefund, type StoredRefund } from './refund-rows';
import { reviewInclude, storedReview, type StoredReview } from './review-repository';
import { disputeInclude, storedDispute, type StoredDispute } from './dispute-repository';
import type { ClaimedWebhookEvent } from './webhook-processing-repository';

/** A payment read under its row lock: what refund rules and the order mirror need. */
export interface LockedPayment {
  id: string;
  orderId: string;
  paymentIntentId: PaymentIntentId;
  status: PaymentIntentStatus;
  amountReceived: number;
  /** Authorised and not captured yet (manual capture). */
  amountCapturable: number;
  currency: string;
}

/** A decision on an authorisation (capture or release), as recorded before Stripe is asked. */
export interface StoredAuthorizationAction {
  id: string;
  paymentId: string;
  orderId: string;
  paymentIntentId: PaymentIntentId;
  kind: AuthorizationActionKind;
  amount: number;
  currency: string;
  status: AuthorizationActionStatus;
  /** A release's reason as Stripe records it; null for a capture. */
  reason: string | null;
  note: string | null;
  idempotencyKey: string;
  requestedById: string | null;
  requestedBy: { id: string; email: string } | null;
  failureReason: string | null;
  createdAt: Date;
}

export interface NewAuthorizationAction {
  paymentId: string;
  kind: AuthorizationActionKind;
  amount: number;
  reason: string | null;
  note: string | null;
  idempotencyKey: string;
  requestedById: string | null;
}

/** One refund of a payment, as the refund rules weigh it. */
export interface RefundLine {
  id: string;
  amount: number;
  status: RefundStatus;
  source: RefundSource;
  approvedById: string | null;
}

export interface NewRefundRequest {
  paymentId: string;
  amount: number;
  currency: string;
  reason: RefundReason;
  note: string | null;
  status: 'pending' | 'awaiting_approval';
  idempotencyKey: string;
  requestedById: string;
}

/** The columns of a refund row a decision or Stripe's answer changes (`sendingAt: null` gives its lease back). */
export interface RefundUpdate {
  status?: RefundStatus;
  failureReason?: string | null;
  approvedById?: string;
  approvedAt?: Date;
  rejectedById?: string;
  rejectedAt?: Date;
  rejectionNote?: string | null;
  sendingAt?: null;
}

/** The parts of a PaymentIntent read from Stripe (not from an event) that the payment row mirrors. */
export interface PaymentIntentFacts {
  id: PaymentIntentId;
  status: PaymentIntentStatus;
  amount: number;
  currency: string;
  amountReceived: number;
  amountCapturable: number;
  latestChargeId: string | null;
  lastPaymentError: { code: string | null; declineCode: string | null; message: string | null } | null;
}

/** The payment row's columns that mirror a PaymentIntent read from Stripe. */
export function paymentIntentColumns(intent: PaymentIntentFacts) {
  return {
    status: intent.status,
    amount: intent.amount,
    amountReceived: intent.amountReceived,
    amountCapturable: intent.amountCapturable,
    stripeChargeId: intent.latestChargeId,
    failureCode: intent.lastPaymentError?.code ?? null,
    declineCode: intent.lastPaymentError?.declineCode ?? null,
    failureMessage: intent.lastPaymentError?.message ?? null,
  };
}

/** A claimed inbox event and how it was applied, for `markEvents`. */
export interface EventMark {
  event: ClaimedWebhookEvent;
  status: 'processed' | 'ignored';
}

/** Another worker reclaimed an event (this worker's lease expired): the transaction must commit nothing. */
export class LostClaimError extends Error {
  constructor() {
    super('the claim on this event was lost');
    this.name = 'LostClaimError';
  }
}

/**
 * What one transaction can read and write about payments, with row locks. Locks are always taken in one order,
 * payment → order → refund, whoever takes them (webhook handlers, refund requests and decisions, the order
 * refresh), so two transactions never wait on each other in a cycle. Holds no rule: the use cases and the
 * webhook handlers of payments-core decide; this stores and loads.
 */
export interface PaymentTransaction extends WebhookEffects {
  /** The order's newest payment, locked; null when the order has none (or does not exist). */
  lockPaymentOfOrder(orderId: string): Promise<LockedPayment | null>;
  /** A refund and its payment, both locked (the payment first); null when there is no such refund. */
  lockRefund(refundId: string): Promise<{ refund: StoredRefund; payment: LockedPayment } | null>;
  orderExists(orderId: string): Promise<boolean>;
  refundsOfPayment(paymentId: string): Promise<RefundLine[]>;
  findRefundByIdempotencyKey(key: string): Promise<StoredRefund | null>;
  createRefund(request: NewRefundRequest): Promise<StoredRefund>;
  updateRefund(refundId: string, change: RefundUpdate): Promise<void>;
  readRefund(refundId: string): Promise<StoredRefund | null>;
  /** Mirrors a PaymentIntent read from Stripe onto its payment row (no row: nothing happens). */
  writePaymentIntent(intent: PaymentIntentFacts): Promise<void>;
  /** Marks the order expired at `at`; `cancelAt`: when to cancel its PaymentIntent at Stripe (null: it has none). */
  expireOrder(orderId: string, at: Date, cancelAt: Date | null): Promise<void>;
  /**
   * The next try to cancel the expired order's PaymentIntent (counting this one as tried), or null when nothing is
   * left to cancel (Stripe canceled it, or it was paid).
   */
  scheduleCancellation(orderId: string, next: Date | null): Promise<void>;
  /** Appends to the audit log: it commits, or not, with the change it records. */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** A dispute and its payment, both locked (the payment first); null when there is no such dispute. */
  lockDispute(disputeId: string): Promise<StoredDispute | null>;
  /** Stores the dispute's evidence draft (whole), now. */
  saveEvidenceDraft(disputeId: string, evidence: Record<string, string>): Promise<void>;
  markEvidenceSubmitted(disputeId: string, staffId: string): Promise<void>;
  /** A review and its payment, both locked (the payment first); null when there is no such review. */
  lockReview(reviewId: string): Promise<StoredReview | null>;
  /** Records staff's decision on a review (null: takes a claimed decision back, Stripe refused it). */
  decideReview(reviewId: string, decision: { decision: 'approved' | 'refused'; staffId: string } | null): Promise<void>;
  /** The decision on a payment's authorisation that holds (pending or succeeded), if any; the newest. */
  openAuthorizationAction(paymentId: string): Promise<StoredAuthorizationAction | null>;
  findAuthorizationActionByKey(key: string): Promise<StoredAuthorizationAction | null>;
  createAuthorizationAction(action: NewAuthorizationAction): Promise<StoredAuthorizationAction>;
  /** Records Stripe's answer to the decision. */
  settleAuthorizationAction(
    id: string,
    outcome: { status: 'succeeded' } | { status: 'failed'; failureReason: string },
  ): Promise<void>;
  /**
   * Marks applied inbox events with their outcome in one statement, fenced on each claim (`locked_by`, `attempts`,
   * still `processing`); throws `LostClaimError` when any claim was lost, so nothing of the transaction commits.
   */
  markEvents(marks: readonly EventMark[]): Promise<void>;
}

/** The one way to change payments, refunds and disputes: a transaction with the locks and writes above. */
export interface PaymentTransactions {
  run<T>(work: (tx: PaymentTransaction) => Promise<T>, options?: { timeoutMs?: number }): Promise<T>;
}

type Tx = Prisma.TransactionClient;

/**
 * An authorised payment's first sighting: when it was authorised, and until when it holds (seven days for cards)
 * until the charge's event gives the exact deadline. Never overwrites what is known.
 */
async function stampAuthorization(tx: Tx, paymentIntentId: string, atMs: number) {
  await tx.payment.updateMany({
    where: { stripePaymentIntentId: paymentIntentId, authorizedAt: null },
    data: { authorizedAt: new Date(atMs), captureBefore: new Date(atMs + AUTHORIZATION_VALIDITY_MS) },
  });
}

const authorizationActionInclude = {
  payment: { select: { orderId: true, stripePaymentIntentId: true, currency: true } },
  requestedBy: { select: { id: true, email: true } },
} as const;

function storedAuthorizationAction(
  row: Prisma.AuthorizationActionGetPayload<{ include: typeof authorizationActionInclude }>,
): StoredAuthorizationAction {
  return {
    id: row.id,
    paymentId: row.paymentId,
    orderId: row.payment.orderId,
    paymentIntentId: row.payment.stripePaymentIntentId as PaymentIntentId,
    kind: row.kind,
    amount: row.amount,
    currency: row.payment.currency,
    status: row.status,
    reason: row.reason,
    note: row.note,
    idempotencyKey: row.idempotencyKey,
    requestedById: row.requestedById,
    requestedBy: row.requestedBy,
    failureReason: row.failureReason,
    createdAt: row.createdAt,
  };
}

/** The handlers' persistence, inside one transaction. */
function webhookEffects(tx: Tx): WebhookEffects {
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
      if (!isUuid(orderId)) return false;
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
      if (change.status === 'requires_capture')
        await stampAuthorization(tx, change.paymentIntentId, change.eventCreatedAtMs);
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
                ...(change.outcome.riskScore != null ? { riskScore: change.outcome.riskScore } : {}),
                outcomeType: change.outcome.type,
                networkStatus: change.outcome.networkStatus,
              }
            : {}),
          // The charge knows its authorisation's own deadline: it replaces the estimate a PaymentIntent event made.
          ...(change.authorization
            ? {
                authorizedAt: new Date(change.authorization.authorizedAtMs),
                captureBefore: new Date(change.authorization.captureBeforeMs),
              }
            : {}),
          version: { increment: 1 },
        },
      });
    },

    async lockOrder(orderId) {
      if (!isUuid(orderId)) return null;
      const rows = await tx.$queryRaw<
        {
          id: string;
          status: string;
          email: string;
          amount: number;
          currency: string;
          paymentIntentId: string | null;
          livemode: boolean;
        }[]
      >`
        SELECT id::text AS id, status::text AS status, email, amount, currency,
               payment_intent_id AS "paymentIntentId", livemode
          FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`;
      const row = rows[0];
      return row ? { ...row, status: row.status as OrderStatus, amount: Number(row.amount) } : null;
    },

    async moveOrder(orderId, to) {
      await tx.order.update({ where: { id: orderId }, data: { status: to } });
      if (to === 'paid')
        await tx.order.updateMany({ where: { id: orderId, paidAt: null }, data: { paidAt: new Date() } });
    },

    async recordAnomaly({ orderId, paymentIntentId, kind, expected, actual, eventId, source }) {
      await tx.paymentAnomaly.createMany({
        data: [
          {
            orderId,
            stripePaymentIntentId: paymentIntentId,
            kind,
            source,
            stripeEventId: eventId,
            details: { expected, actual },
          },
        ],
        skipDuplicates: true,
      });
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
        ourRefundId && isUuid(ourRefundId)
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

    async findReview(stripeReviewId) {
      const review = await tx.review.findUnique({
        where: { stripeReviewId },
        select: { open: true, reason: true, closedReason: true, lastStripeEventAt: true },
      });
      return review
        ? {
            open: review.open,
            reason: review.reason,
            closedReason: review.closedReason,
            lastStripeEventAtMs: review.lastStripeEventAt?.getTime() ?? null,
          }
        : null;
    },

    async saveReview(change) {
      const facts = {
        open: change.open,
        reason: change.reason,
        openedReason: change.openedReason,
        closedReason: change.closedReason,
        lastStripeEventAt: new Date(change.eventCreatedAtMs),
      };
      const { id: paymentId } = await tx.payment.findUniqueOrThrow({
        where: { stripePaymentIntentId: change.paymentIntentId },
        select: { id: true },
      });
      await tx.review.upsert({
        where: { stripeReviewId: change.stripeReviewId },
        create: { ...facts, paymentId, stripeReviewId: change.stripeReviewId },
        update: facts,
      });
    },

    async hasOpenReview(paymentIntentId) {
      return (
        (await tx.review.count({ where: { open: true, payment: { stripePaymentIntentId: paymentIntentId } } })) > 0
      );
    },

    async findEarlyFraudWarning(stripeWarningId) {
      const warning = await tx.earlyFraudWarning.findUnique({
        where: { stripeWarningId },
        select: { lastStripeEventAt: true },
      });
      return warning ? { lastStripeEventAtMs: warning.lastStripeEventAt?.getTime() ?? null } : null;
    },

    async saveEarlyFraudWarning(change) {
      const facts = {
        fraudType: change.fraudType,
        actionable: change.actionable,
        lastStripeEventAt: new Date(change.eventCreatedAtMs),
      };
      const { id: paymentId } = await tx.payment.findUniqueOrThrow({
        where: { stripePaymentIntentId: change.paymentIntentId },
        select: { id: true },
      });
      await tx.earlyFraudWarning.upsert({
        where: { stripeWarningId: change.stripeWarningId },
        create: { ...facts, paymentId, stripeWarningId: change.stripeWarningId },
        update: facts,
      });
    },

    async orderSettlement(orderId) {
      if (!isUuid(orderId)) return { amountRefunded: 0, disputeStatuses: [] };
      const order = await tx.order.findUnique({ where: { id: orderId }, select: { amountRefunded: true } });
      const disputes = await tx.dispute.findMany({ where: { payment: { orderId } }, select: { status: true } });
      const captured = await tx.payment.aggregate({
        where: { orderId, status: 'succeeded' },
        _sum: { amountReceived: true },
      });
      return {
        amountRefunded: order?.amountRefunded ?? 0,
        amountCaptured: captured._sum.amountReceived ?? null,
        disputeStatuses: disputes.map((dispute) => dispute.status),
      };
    },
  };
}

function paymentTransaction(tx: Tx): PaymentTransaction {
  const lockedPayment = async (where: Prisma.Sql): Promise<LockedPayment | null> => {
    const rows = await tx.$queryRaw<
      {
        id: string;
        order_id: string;
        pi: string;
        status: string;
        amount_received: number;
        amount_capturable: number;
        currency: string;
      }[]
    >`SELECT id::text AS id, order_id::text AS order_id, stripe_payment_intent_id AS pi, status::text AS status,
             amount_received, amount_capturable, currency
        FROM payments ${where} FOR UPDATE`;
    const row = rows[0];
    return row
      ? {
          id: row.id,
          orderId: row.order_id,
          paymentIntentId: row.pi as PaymentIntentId,
          status: row.status as PaymentIntentStatus,
          amountReceived: Number(row.amount_received),
          amountCapturable: Number(row.amount_capturable),
          currency: row.currency,
        }
      : null;
  };
  const readRefund = async (refundId: string) => {
    const row = await tx.refund.findUnique({ where: { id: refundId }, include: refundInclude });
    return row && storedRefund(row);
  };

  return {
    ...webhookEffects(tx),

    lockPaymentOfOrder(orderId) {
      if (!isUuid(orderId)) return Promise.resolve(null);
      return lockedPayment(Prisma.sql`WHERE order_id = ${orderId}::uuid ORDER BY created_at DESC LIMIT 1`);
    },

    async lockRefund(refundId) {
      if (!isUuid(refundId)) return null;
      const [owner] = await tx.$queryRaw<{ payment_id: string }[]>`
        SELECT payment_id::text AS payment_id FROM refunds WHERE id = ${refundId}::uuid`;
      if (!owner) return null;
      const payment = await lockedPayment(Prisma.sql`WHERE id = ${owner.payment_id}::uuid`);
      if (!payment) return null;
      await tx.$queryRaw`SELECT id FROM refunds WHERE id = ${refundId}::uuid FOR UPDATE`;
      const refund = await readRefund(refundId);
      return refund && { refund, payment };
    },

    async orderExists(orderId) {
      if (!isUuid(orderId)) return false;
      return (await tx.order.count({ where: { id: orderId } })) > 0;
    },

    refundsOfPayment(paymentId) {
      return tx.refund.findMany({
        where: { paymentId },
        select: { id: true, amount: true, status: true, source: true, approvedById: true },
        orderBy: { createdAt: 'asc' },
      });
    },

    async findRefundByIdempotencyKey(key) {
      const row = await tx.refund.findUnique({ where: { idempotencyKey: key }, include: refundInclude });
      return row && storedRefund(row);
    },

    async createRefund(request) {
      const row = await tx.refund.create({ data: { ...request, source: 'admin' }, include: refundInclude });
      return storedRefund(row);
    },

    async updateRefund(refundId, change) {
      await tx.refund.update({ where: { id: refundId }, data: change });
    },

    readRefund,

    async writePaymentIntent(intent) {
      await tx.payment.updateMany({
        where: { stripePaymentIntentId: intent.id },
        data: paymentIntentColumns(intent),
      });
      if (intent.status === 'requires_capture') await stampAuthorization(tx, intent.id, Date.now());
    },

    async lockDispute(disputeId) {
      if (!isUuid(disputeId)) return null;
      const [owner] = await tx.$queryRaw<{ payment_id: string }[]>`
        SELECT payment_id::text AS payment_id FROM disputes WHERE id = ${disputeId}::uuid`;
      if (!owner) return null;
      await lockedPayment(Prisma.sql`WHERE id = ${owner.payment_id}::uuid`);
      await tx.$queryRaw`SELECT id FROM disputes WHERE id = ${disputeId}::uuid FOR UPDATE`;
      const row = await tx.dispute.findUnique({ where: { id: disputeId }, include: disputeInclude });
      return row && storedDispute(row);
    },

    async saveEvidenceDraft(disputeId, evidence) {
      await tx.dispute.update({
        where: { id: disputeId },
        data: { evidenceDraft: evidence, evidenceSavedAt: new Date() },
      });
    },

    async markEvidenceSubmitted(disputeId, staffId) {
      await tx.dispute.update({
        where: { id: disputeId },
        data: { evidenceSubmittedAt: new Date(), evidenceSubmittedById: staffId },
      });
    },

    async lockReview(reviewId) {
      if (!isUuid(reviewId)) return null;
      const [owner] = await tx.$queryRaw<{ payment_id: string }[]>`
        SELECT payment_id::text AS payment_id FROM reviews WHERE id = ${reviewId}::uuid`;
      if (!owner) return null;
      await lockedPayment(Prisma.sql`WHERE id = ${owner.payment_id}::uuid`);
      await tx.$queryRaw`SELECT id FROM reviews WHERE id = ${reviewId}::uuid FOR UPDATE`;
      const row = await tx.review.findUnique({ where: { id: reviewId }, include: reviewInclude });
      return row && storedReview(row);
    },

    async decideReview(reviewId, decision) {
      await tx.review.update({
        where: { id: reviewId },
        data: decision
          ? { decision: decision.decision, decidedById: decision.staffId, decidedAt: new Date() }
          : { decision: null, decidedById: null, decidedAt: null },
      });
    },

    async openAuthorizationAction(paymentId) {
      const row = await tx.authorizationAction.findFirst({
        where: { paymentId, status: { in: ['pending', 'succeeded'] } },
        include: authorizationActionInclude,
        orderBy: { createdAt: 'desc' },
      });
      return row && storedAuthorizationAction(row);
    },

    async findAuthorizationActionByKey(key) {
      const row = await tx.authorizationAction.findUnique({
        where: { idempotencyKey: key },
        include: authorizationActionInclude,
      });
      return row && storedAuthorizationAction(row);
    },

    async createAuthorizationAction(action) {
      const row = await tx.authorizationAction.create({ data: action, include: authorizationActionInclude });
      return storedAuthorizationAction(row);
    },

    async settleAuthorizationAction(id, outcome) {
      await tx.authorizationAction.update({
        where: { id },
        data: { status: outcome.status, failureReason: outcome.status === 'failed' ? outcome.failureReason : null },
      });
    },

    async expireOrder(orderId, at, cancelAt) {
      await tx.order.update({
        where: { id: orderId },
        data: { status: 'expired', expiredAt: at, cancelPaymentIntentAt: cancelAt, cancelAttempts: 0 },
      });
    },

    async scheduleCancellation(orderId, next) {
      await tx.order.update({
        where: { id: orderId },
        data: next
          ? { cancelPaymentIntentAt: next, cancelAttempts: { increment: 1 } }
          : { cancelPaymentIntentAt: null },
      });
    },

    appendAudit: (entry) => appendAudit(tx, entry),

    async markEvents(marks) {
      if (marks.length === 0) return;
      const count = await tx.$executeRaw`
        UPDATE webhook_events AS w
           SET status = v.status::"WebhookEventStatus", processed_at = clock_timestamp(), locked_at = NULL,
               last_error = NULL
          FROM unnest(${marks.map((mark) => mark.event.id)}::uuid[], ${marks.map((mark) => mark.status)}::text[],
                      ${marks.map((mark) => mark.event.lockedBy)}::text[],
                      ${marks.map((mark) => mark.event.attempts)}::int[])
               AS v(id, status, locked_by, attempts)
         WHERE w.id = v.id AND w.status = 'processing' AND w.locked_by = v.locked_by AND w.attempts = v.attempts`;
      if (count !== marks.length) throw new LostClaimError();
    },
  };
}

/** Prisma's default of 5 s is meant for one short effect; a worker's batch of events may take longer. */
const DEFAULT_TRANSACTION_TIMEOUT_MS = 5_000;

export function createPaymentTransactions(prisma: PrismaClient): PaymentTransactions {
  return {
    run(work, { timeoutMs = DEFAULT_TRANSACTION_TIMEOUT_MS } = {}) {
      return prisma.$transaction((tx) => work(paymentTransaction(tx)), { timeout: timeoutMs });
    },
  };
}
