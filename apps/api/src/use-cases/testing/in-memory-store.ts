// In-memory fakes of the ports the use cases take (repositories, the payment transaction, the clock), for unit tests
// that run in milliseconds with no database. They keep the same facts the tables do and honour the same contracts
// (a transaction commits whole or not at all, a claim is fenced, an idempotency key is unique), so a use case's
// rules are tested on their own; the integration tests prove the real repositories on PGlite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import {
  LostClaimError,
  type AuditEntry,
  type AuthorizationRepository,
  type ClaimedWebhookEvent,
  type ExpiryCandidate,
  type LockedPayment,
  type MirroredPayment,
  type OrderRepository,
  type PaymentDriftRepository,
  type PaymentTransaction,
  type PaymentTransactions,
  type ProductRepository,
  type ReconciliationRepository,
  type ReconciliationRunView,
  type RefundRepository,
  type RejectionCount,
  type StaffRef,
  type StoredAuthorizationAction,
  type StoredOrder,
  type StoredRefund,
  type WebhookInboxEvent,
  type WebhookInboxRepository,
  type WebhookProcessingRepository,
} from '@storepay/db';
import {
  AUTHORIZATION_VALIDITY_MS,
  UNPAID_ORDER_STATUSES,
  type CatalogEntry,
  type CurrencyCode,
  type DisputeChange,
  type OrderId,
  type OrderStatus,
  type PaymentAnomalyRecord,
  type PaymentIntentId,
  type PaymentIntentStatus,
  type RefundSource,
  type RefundStatus,
  type StripeDisputeStatus,
  type WebhookEventStatus,
} from '@storepay/payments-core';
import type { Clock } from '../ports';

/** A clock the test moves by hand. */
export type ManualClock = Clock & { advance(ms: number): void };

export function fixedClock(start = new Date('2026-11-20T12:00:00.000Z')): ManualClock {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
  };
}

interface OrderRow {
  id: string;
  status: OrderStatus;
  currency: CurrencyCode;
  amount: number;
  amountRefunded: number;
  email: string;
  idempotencyKey: string | null;
  requestHash: string | null;
  paidAt: Date | null;
  paymentIntentId: string | null;
  livemode: boolean;
  locale: string;
  customerId: string | null;
  captureMethod: 'automatic' | 'manual';
  expiredAt: Date | null;
  cancelPaymentIntentAt: Date | null;
  cancelAttempts: number;
  items: { productId: string; name: string; unitAmount: number; quantity: number }[];
  createdAt: Date;
  updatedAt: Date;
}

interface PaymentRow {
  id: string;
  orderId: string;
  paymentIntentId: string;
  status: PaymentIntentStatus;
  currency: string;
  amount: number;
  amountReceived: number;
  amountCapturable: number;
  amountRefunded: number;
  authorizedAt: Date | null;
  captureBefore: Date | null;
  chargeId: string | null;
  card: unknown;
  lastStripeEventId: string | null;
  lastStripeEventAtMs: number | null;
  version: number;
  createdAt: Date;
}

interface RefundRow {
  id: string;
  paymentId: string;
  stripeRefundId: string | null;
  amount: number;
  currency: string;
  status: RefundStatus;
  source: RefundSource;
  reason: string | null;
  note: string | null;
  failureReason: string | null;
  idempotencyKey: string | null;
  requestedBy: StaffRef | null;
  approvedBy: StaffRef | null;
  approvedAt: Date | null;
  rejectedBy: StaffRef | null;
  rejectedAt: Date | null;
  rejectionNote: string | null;
  sendingAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface AuthorizationActionRow {
  id: string;
  paymentId: string;
  kind: 'capture' | 'cancel';
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
  reason: string | null;
  note: string | null;
  idempotencyKey: string;
  requestedById: string | null;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ReviewRow {
  id: string;
  stripeReviewId: string;
  paymentId: string;
  open: boolean;
  reason: string;
  closedReason: string | null;
  decision: string | null;
  decidedById: string | null;
  lastStripeEventAtMs: number | null;
}

interface DisputeRow {
  id: string;
  stripeDisputeId: string;
  paymentId: string;
  amount: number;
  currency: string;
  reason: string;
  status: StripeDisputeStatus;
  evidenceDueByMs: number | null;
  evidence: Record<string, string>;
  evidenceSavedAt: Date | null;
  evidenceSubmittedAt: Date | null;
  evidenceSubmittedById: string | null;
  lastStripeEventAtMs: number | null;
}

interface InboxRow {
  id: string;
  stripeEventId: string;
  type: string;
  paymentIntentId: string | null;
  stripeCreatedAt: Date;
  payload: unknown;
  source: string;
  status: WebhookEventStatus;
  attempts: number;
  lockedBy: string | null;
  lastError: string | null;
  nextAttemptAt: Date;
}

export interface StoreState {
  orders: Map<string, OrderRow>;
  payments: Map<string, PaymentRow>;
  refunds: Map<string, RefundRow>;
  authorizationActions: Map<string, AuthorizationActionRow>;
  disputes: Map<string, DisputeRow>;
  reviews: Map<string, ReviewRow>;
  earlyFraudWarnings: Map<string, { paymentId: string; fraudType: string; actionable: boolean; atMs: number }>;
  outbox: Map<string, { kind: string; orderId: string | null; payload: Record<string, unknown> }>;
  audit: AuditEntry[];
  inbox: Map<string, InboxRow>;
  rejectionCounts: RejectionCount[];
  anomalies: PaymentAnomalyRecord[];
  runs: Map<string, ReconciliationRunView>;
  /** Every fulfilment a use case tried to record, recorded or not (the outbox's unique key hides repeats). */
  outboxAttempts: string[];
}

const emptyState = (): StoreState => ({
  orders: new Map(),
  payments: new Map(),
  refunds: new Map(),
  authorizationActions: new Map(),
  disputes: new Map(),
  reviews: new Map(),
  earlyFraudWarnings: new Map(),
  outbox: new Map(),
  audit: [],
  inbox: new Map(),
  rejectionCounts: [],
  anomalies: [],
  runs: new Map(),
  outboxAttempts: [],
});

/** A deep copy of the state: what a transaction rolls back to. */
function snapshot(state: StoreState): StoreState {
  return structuredClone(state);
}

/**
 * One in-memory store behind every port. `state` is open for arranging and asserting; `transactions` runs a unit
 * of work against it and puts everything back when the work throws.
 */
export function inMemoryStore(clock: ManualClock = fixedClock(), catalog: CatalogEntry[] = []) {
  let state = emptyState();

  const paymentByPi = (paymentIntentId: string) =>
    [...state.payments.values()].find((payment) => payment.paymentIntentId === paymentIntentId) ?? null;
  const paymentsOfOrder = (orderId: string) =>
    [...state.payments.values()]
      .filter((payment) => payment.orderId === orderId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const locked = (payment: PaymentRow): LockedPayment => ({
    id: payment.id,
    orderId: payment.orderId,
    paymentIntentId: payment.paymentIntentId as PaymentIntentId,
    status: payment.status,
    amountReceived: payment.amountReceived,
    amountCapturable: payment.amountCapturable,
    currency: payment.currency,
  });
  const storedAction = (row: AuthorizationActionRow): StoredAuthorizationAction => {
    const payment = state.payments.get(row.paymentId)!;
    return {
      ...row,
      orderId: payment.orderId,
      paymentIntentId: payment.paymentIntentId as PaymentIntentId,
      currency: payment.currency,
      requestedBy: row.requestedById ? { id: row.requestedById, email: `${row.requestedById}@staff.test` } : null,
    };
  };
  const stampAuthorization = (payment: PaymentRow, atMs: number) => {
    if (payment.status !== 'requires_capture' || payment.authorizedAt) return;
    payment.authorizedAt = new Date(atMs);
    payment.captureBefore = new Date(atMs + AUTHORIZATION_VALIDITY_MS);
  };
  const storedRefund = (row: RefundRow): StoredRefund => {
    const payment = state.payments.get(row.paymentId)!;
    const { paymentId, sendingAt: _lease, updatedAt: _updated, ...facts } = row;
    return {
      ...facts,
      paymentId,
      orderId: payment.orderId,
      paymentIntentId: payment.paymentIntentId as PaymentIntentId,
    };
  };
  const storedOrder = (row: OrderRow): StoredOrder => ({
    id: row.id as OrderId,
    status: row.status,
    currency: row.currency,
    amount: row.amount,
    email: row.email,
    requestHash: row.requestHash,
    paymentIntentId: row.paymentIntentId as PaymentIntentId | null,
    livemode: row.livemode,
    captureMethod: row.captureMethod,
    createdAt: row.createdAt,
    paidAt: row.paidAt,
    updatedAt: row.updatedAt,
  });

  const expiryCandidate = (row: OrderRow): ExpiryCandidate => ({
    id: row.id as OrderId,
    paymentIntentId: row.paymentIntentId as PaymentIntentId | null,
  });

  function transaction(): PaymentTransaction {
    return {
      async lockPayment(paymentIntentId) {
        const payment = paymentByPi(paymentIntentId);
        return payment
          ? {
              orderId: payment.orderId,
              status: payment.status,
              lastStripeEventId: payment.lastStripeEventId,
              lastStripeEventAtMs: payment.lastStripeEventAtMs,
            }
          : null;
      },
      async createPayment(orderId, change) {
        const order = state.orders.get(orderId);
        if (!order) return false;
        if (!paymentByPi(change.paymentIntentId)) {
          addPayment({
            orderId,
            paymentIntentId: change.paymentIntentId,
            status: change.status,
            amount: change.amount,
          });
        }
        return true;
      },
      async updatePaymentIntent(change) {
        const payment = paymentByPi(change.paymentIntentId)!;
        Object.assign(payment, {
          status: change.status,
          amount: change.amount,
          amountReceived: change.amountReceived,
          amountCapturable: change.amountCapturable,
          chargeId: change.latestChargeId ?? payment.chargeId,
          lastStripeEventId: change.eventId,
          lastStripeEventAtMs: change.eventCreatedAtMs,
          version: payment.version + 1,
        });
        stampAuthorization(payment, change.eventCreatedAtMs);
      },
      async updateCharge(change) {
        const payment = paymentByPi(change.paymentIntentId)!;
        Object.assign(payment, { chargeId: change.chargeId, card: change.card, version: payment.version + 1 });
        if (change.authorization) {
          payment.authorizedAt = new Date(change.authorization.authorizedAtMs);
          payment.captureBefore = new Date(change.authorization.captureBeforeMs);
        }
      },
      async lockOrder(orderId) {
        const order = state.orders.get(orderId);
        return order
          ? {
              id: order.id,
              status: order.status,
              email: order.email,
              amount: order.amount,
              currency: order.currency,
              paymentIntentId: order.paymentIntentId,
              livemode: order.livemode,
            }
          : null;
      },
      async recordAnomaly(anomaly) {
        if (state.anomalies.some((a) => a.paymentIntentId === anomaly.paymentIntentId && a.kind === anomaly.kind))
          return;
        state.anomalies.push(anomaly);
      },
      async expireOrder(orderId, at, cancelAt) {
        const order = state.orders.get(orderId)!;
        Object.assign(order, {
          status: 'expired',
          expiredAt: at,
          cancelPaymentIntentAt: cancelAt,
          cancelAttempts: 0,
          updatedAt: clock.now(),
        });
      },
      async scheduleCancellation(orderId, next) {
        const order = state.orders.get(orderId)!;
        order.cancelPaymentIntentAt = next;
        if (next) order.cancelAttempts += 1;
      },
      async moveOrder(orderId, to) {
        const order = state.orders.get(orderId)!;
        order.status = to;
        order.updatedAt = clock.now();
        if (to === 'paid' && !order.paidAt) order.paidAt = clock.now();
      },
      async enqueueOutbox(entry) {
        state.outboxAttempts.push(entry.dedupeKey);
        if (state.outbox.has(entry.dedupeKey)) return false;
        state.outbox.set(entry.dedupeKey, { kind: entry.kind, orderId: entry.orderId, payload: entry.payload });
        return true;
      },
      async findRefund(paymentIntentId, stripeRefundId, ourRefundId) {
        const payment = paymentByPi(paymentIntentId);
        if (!payment) return null;
        const refunds = [...state.refunds.values()].filter((refund) => refund.paymentId === payment.id);
        const row =
          refunds.find((refund) => ourRefundId !== null && refund.id === ourRefundId) ??
          refunds.find((refund) => refund.stripeRefundId === stripeRefundId);
        return row ? { id: row.id, status: row.status } : null;
      },
      async saveRefund(existingId, change, applyStatus) {
        const facts = {
          stripeRefundId: change.stripeRefundId,
          amount: change.amount,
          currency: change.currency,
          reason: change.reason,
          updatedAt: clock.now(),
          ...(applyStatus ? { status: change.status, failureReason: change.failureReason } : {}),
        };
        if (existingId) {
          Object.assign(state.refunds.get(existingId)!, facts);
          return;
        }
        const payment = paymentByPi(change.paymentIntentId)!;
        addRefund({
          ...facts,
          paymentId: payment.id,
          status: change.status,
          failureReason: change.failureReason,
          source: change.ourRefundId ? 'admin' : 'stripe',
        });
      },
      async listRefunds(paymentIntentId) {
        const payment = paymentByPi(paymentIntentId)!;
        return [...state.refunds.values()]
          .filter((refund) => refund.paymentId === payment.id && refund.stripeRefundId !== null)
          .map((refund) => ({ amount: refund.amount, status: refund.status }));
      },
      async setAmountRefunded(paymentIntentId, amount) {
        const payment = paymentByPi(paymentIntentId)!;
        payment.amountRefunded = amount;
        const order = state.orders.get(payment.orderId)!;
        order.amountRefunded = paymentsOfOrder(order.id).reduce((sum, each) => sum + each.amountRefunded, 0);
      },
      async findDispute(stripeDisputeId) {
        const dispute = state.disputes.get(stripeDisputeId);
        return dispute ? { status: dispute.status, lastStripeEventAtMs: dispute.lastStripeEventAtMs } : null;
      },
      async saveDispute(change: DisputeChange) {
        const payment = paymentByPi(change.paymentIntentId)!;
        const known = state.disputes.get(change.stripeDisputeId);
        state.disputes.set(change.stripeDisputeId, {
          id: known?.id ?? randomUUID(),
          stripeDisputeId: change.stripeDisputeId,
          paymentId: payment.id,
          amount: change.amount,
          currency: change.currency,
          reason: change.reason,
          status: change.status,
          evidenceDueByMs: change.evidenceDueByMs,
          evidence: known?.evidence ?? {},
          evidenceSavedAt: known?.evidenceSavedAt ?? null,
          evidenceSubmittedAt: known?.evidenceSubmittedAt ?? null,
          evidenceSubmittedById: known?.evidenceSubmittedById ?? null,
          lastStripeEventAtMs: change.eventCreatedAtMs,
        });
      },
      async orderSettlement(orderId) {
        const order = state.orders.get(orderId);
        const paymentIds = new Set(paymentsOfOrder(orderId).map((payment) => payment.id));
        return {
          amountRefunded: order?.amountRefunded ?? 0,
          amountCaptured: paymentsOfOrder(orderId)
            .filter((payment) => payment.status === 'succeeded')
            .reduce((sum, payment) => sum + payment.amountReceived, 0),
          disputeStatuses: [...state.disputes.values()]
            .filter((dispute) => paymentIds.has(dispute.paymentId))
            .map((dispute) => dispute.status),
        };
      },

      async lockPaymentOfOrder(orderId) {
        const payment = paymentsOfOrder(orderId.toLowerCase())[0];
        return payment ? locked(payment) : null;
      },
      async lockRefund(refundId) {
        const refund = state.refunds.get(refundId);
        if (!refund) return null;
        return { refund: storedRefund(refund), payment: locked(state.payments.get(refund.paymentId)!) };
      },
      orderExists: async (orderId) => state.orders.has(orderId.toLowerCase()),
      async refundsOfPayment(paymentId) {
        return [...state.refunds.values()]
          .filter((refund) => refund.paymentId === paymentId)
          .map((refund) => ({
            id: refund.id,
            amount: refund.amount,
            status: refund.status,
            source: refund.source,
            approvedById: refund.approvedBy?.id ?? null,
          }));
      },
      async findRefundByIdempotencyKey(key) {
        const row = [...state.refunds.values()].find((refund) => refund.idempotencyKey === key);
        return row ? storedRefund(row) : null;
      },
      async createRefund(request) {
        const row = addRefund({
          paymentId: request.paymentId,
          amount: request.amount,
          currency: request.currency,
          reason: request.reason,
          note: request.note,
          status: request.status,
          source: 'admin',
          idempotencyKey: request.idempotencyKey,
          requestedBy: { id: request.requestedById, email: `${request.requestedById}@staff.test` },
        });
        return storedRefund(row);
      },
      async updateRefund(refundId, change) {
        const row = state.refunds.get(refundId)!;
        const { approvedById, rejectedById, ...rest } = change;
        Object.assign(row, rest, { updatedAt: clock.now() });
        if (approvedById) row.approvedBy = { id: approvedById, email: `${approvedById}@staff.test` };
        if (rejectedById) row.rejectedBy = { id: rejectedById, email: `${rejectedById}@staff.test` };
      },
      async readRefund(refundId) {
        const row = state.refunds.get(refundId);
        return row ? storedRefund(row) : null;
      },
      async writePaymentIntent(intent) {
        const payment = paymentByPi(intent.id);
        if (!payment) return;
        Object.assign(payment, {
          status: intent.status,
          amount: intent.amount,
          amountReceived: intent.amountReceived,
          amountCapturable: intent.amountCapturable,
          chargeId: intent.latestChargeId,
        });
        stampAuthorization(payment, clock.now().getTime());
      },
      async lockDispute(disputeId) {
        const row = [...state.disputes.values()].find((dispute) => dispute.id === disputeId);
        if (!row) return null;
        const payment = state.payments.get(row.paymentId)!;
        return {
          id: row.id,
          stripeDisputeId: row.stripeDisputeId,
          orderId: payment.orderId,
          paymentIntentId: payment.paymentIntentId,
          amount: row.amount,
          currency: row.currency,
          reason: row.reason,
          status: row.status,
          evidenceDueBy: row.evidenceDueByMs === null ? null : new Date(row.evidenceDueByMs),
          evidence: { ...row.evidence },
          evidenceSavedAt: row.evidenceSavedAt,
          evidenceSubmittedAt: row.evidenceSubmittedAt,
          createdAt: clock.now(),
        };
      },
      async saveEvidenceDraft(disputeId, evidence) {
        const row = [...state.disputes.values()].find((dispute) => dispute.id === disputeId)!;
        Object.assign(row, { evidence: { ...evidence }, evidenceSavedAt: clock.now() });
      },
      async markEvidenceSubmitted(disputeId, staffId) {
        const row = [...state.disputes.values()].find((dispute) => dispute.id === disputeId)!;
        Object.assign(row, { evidenceSubmittedAt: clock.now(), evidenceSubmittedById: staffId });
      },
      async lockReview(reviewId) {
        const review = [...state.reviews.values()].find((row) => row.id === reviewId);
        if (!review) return null;
        const payment = state.payments.get(review.paymentId)!;
        const order = state.orders.get(payment.orderId)!;
        return {
          id: review.id,
          stripeReviewId: review.stripeReviewId,
          orderId: order.id,
          paymentIntentId: payment.paymentIntentId,
          open: review.open,
          reason: review.reason,
          openedReason: 'rule',
          closedReason: review.closedReason,
          decision: review.decision as 'approved' | 'refused' | null,
          decidedBy: review.decidedById ? { id: review.decidedById, email: `${review.decidedById}@staff.test` } : null,
          decidedAt: null,
          amount: order.amount,
          currency: payment.currency,
          orderStatus: order.status,
          riskLevel: 'elevated',
          riskScore: 65,
          cardBrand: 'visa',
          cardLast4: '9235',
          email: order.email,
          createdAt: clock.now(),
        };
      },
      async decideReview(reviewId, decision) {
        const review = [...state.reviews.values()].find((row) => row.id === reviewId)!;
        review.decision = decision?.decision ?? null;
        review.decidedById = decision?.staffId ?? null;
      },
      async findReview(stripeReviewId) {
        const review = state.reviews.get(stripeReviewId);
        return review
          ? {
              open: review.open,
              reason: review.reason,
              closedReason: review.closedReason,
              lastStripeEventAtMs: review.lastStripeEventAtMs,
            }
          : null;
      },
      async saveReview(change) {
        const payment = paymentByPi(change.paymentIntentId)!;
        const known = state.reviews.get(change.stripeReviewId);
        state.reviews.set(change.stripeReviewId, {
          id: known?.id ?? randomUUID(),
          stripeReviewId: change.stripeReviewId,
          paymentId: payment.id,
          open: change.open,
          reason: change.reason,
          closedReason: change.closedReason,
          decision: known?.decision ?? null,
          decidedById: known?.decidedById ?? null,
          lastStripeEventAtMs: change.eventCreatedAtMs,
        });
      },
      async hasOpenReview(paymentIntentId) {
        const payment = paymentByPi(paymentIntentId);
        return [...state.reviews.values()].some((review) => review.paymentId === payment?.id && review.open);
      },
      async findEarlyFraudWarning(stripeWarningId) {
        const warning = state.earlyFraudWarnings.get(stripeWarningId);
        return warning ? { lastStripeEventAtMs: warning.atMs } : null;
      },
      async saveEarlyFraudWarning(change) {
        state.earlyFraudWarnings.set(change.stripeWarningId, {
          paymentId: paymentByPi(change.paymentIntentId)!.id,
          fraudType: change.fraudType,
          actionable: change.actionable,
          atMs: change.eventCreatedAtMs,
        });
      },
      async openAuthorizationAction(paymentId) {
        const rows = [...state.authorizationActions.values()].filter(
          (row) => row.paymentId === paymentId && row.status !== 'failed',
        );
        const row = rows.at(-1);
        return row ? storedAction(row) : null;
      },
      async findAuthorizationActionByKey(key) {
        const row = [...state.authorizationActions.values()].find((action) => action.idempotencyKey === key);
        return row ? storedAction(row) : null;
      },
      async createAuthorizationAction(action) {
        if ([...state.authorizationActions.values()].some((row) => row.idempotencyKey === action.idempotencyKey)) {
          throw new Error('unique violation: authorization_actions.idempotency_key');
        }
        const row: AuthorizationActionRow = {
          id: randomUUID(),
          status: 'pending',
          failureReason: null,
          createdAt: clock.now(),
          updatedAt: clock.now(),
          ...action,
        };
        state.authorizationActions.set(row.id, row);
        return storedAction(row);
      },
      async settleAuthorizationAction(id, outcome) {
        const row = state.authorizationActions.get(id)!;
        Object.assign(row, {
          status: outcome.status,
          failureReason: outcome.status === 'failed' ? outcome.failureReason : null,
          updatedAt: clock.now(),
        });
      },
      async appendAudit(entry) {
        state.audit.push(entry);
      },
      async markEvents(marks) {
        for (const { event } of marks) {
          const row = state.inbox.get(event.id);
          if (
            !row ||
            row.status !== 'processing' ||
            row.lockedBy !== event.lockedBy ||
            row.attempts !== event.attempts
          ) {
            throw new LostClaimError();
          }
        }
        for (const { event, status } of marks) Object.assign(state.inbox.get(event.id)!, { status, lockedBy: null });
      },
    };
  }

  const paymentTransactions: PaymentTransactions = {
    async run(work) {
      const before = snapshot(state);
      try {
        return await work(transaction());
      } catch (error) {
        state = before;
        throw error;
      }
    },
  };

  function addOrder(fields: Partial<OrderRow> & { amount: number }): OrderRow {
    const row: OrderRow = {
      id: randomUUID(),
      status: 'pending',
      currency: 'usd',
      amountRefunded: 0,
      email: 'shopper@example.com',
      idempotencyKey: null,
      requestHash: null,
      paidAt: null,
      paymentIntentId: null,
      livemode: false,
      locale: 'en',
      customerId: null,
      captureMethod: 'automatic',
      expiredAt: null,
      cancelPaymentIntentAt: null,
      cancelAttempts: 0,
      items: [],
      createdAt: clock.now(),
      updatedAt: clock.now(),
      ...fields,
    };
    state.orders.set(row.id, row);
    return row;
  }

  function addPayment(
    fields: Partial<PaymentRow> & { orderId: string; paymentIntentId: string; amount: number },
  ): PaymentRow {
    const order = state.orders.get(fields.orderId);
    const row: PaymentRow = {
      id: randomUUID(),
      status: 'requires_payment_method',
      currency: order?.currency ?? 'usd',
      amountReceived: 0,
      amountCapturable: 0,
      amountRefunded: 0,
      authorizedAt: null,
      captureBefore: null,
      chargeId: null,
      card: null,
      lastStripeEventId: null,
      lastStripeEventAtMs: null,
      version: 0,
      createdAt: clock.now(),
      ...fields,
    };
    state.payments.set(row.id, row);
    return row;
  }

  function addRefund(fields: Partial<RefundRow> & { paymentId: string; amount: number; status: RefundStatus }) {
    const row: RefundRow = {
      id: randomUUID(),
      stripeRefundId: null,
      currency: 'usd',
      source: 'admin',
      reason: null,
      note: null,
      failureReason: null,
      idempotencyKey: null,
      requestedBy: null,
      approvedBy: null,
      approvedAt: null,
      rejectedBy: null,
      rejectedAt: null,
      rejectionNote: null,
      sendingAt: null,
      createdAt: clock.now(),
      updatedAt: clock.now(),
      ...fields,
    };
    state.refunds.set(row.id, row);
    return row;
  }

  /** An order paid by card, as the worker leaves it: its payment succeeded with `amount` received. */
  function paidOrder({ amount = 5000, currency = 'usd' }: { amount?: number; currency?: string } = {}) {
    const order = addOrder({ amount, currency: currency as CurrencyCode, status: 'paid', paidAt: clock.now() });
    order.paymentIntentId = `pi_${order.id.slice(0, 8)}`;
    const payment = addPayment({
      orderId: order.id,
      paymentIntentId: order.paymentIntentId,
      amount,
      currency,
      status: 'succeeded',
      amountReceived: amount,
    });
    return { order, payment };
  }

  /** A manual-capture order whose card is authorised for `amount`, lapsing at `captureBefore` (default in 7 days). */
  function authorizedOrder({
    amount = 5000,
    currency = 'usd',
    captureBefore = new Date(clock.now().getTime() + AUTHORIZATION_VALIDITY_MS),
  }: { amount?: number; currency?: string; captureBefore?: Date } = {}) {
    const order = addOrder({
      amount,
      currency: currency as CurrencyCode,
      status: 'authorized',
      captureMethod: 'manual',
    });
    order.paymentIntentId = `pi_${order.id.slice(0, 8)}`;
    const payment = addPayment({
      orderId: order.id,
      paymentIntentId: order.paymentIntentId,
      amount,
      currency,
      status: 'requires_capture',
      amountCapturable: amount,
      authorizedAt: clock.now(),
      captureBefore,
    });
    return { order, payment };
  }

  const orders: OrderRepository = {
    async create({ email, priced, idempotencyKey, requestHash, livemode, locale, customerId, captureMethod }) {
      const existing = idempotencyKey
        ? [...state.orders.values()].find((order) => order.idempotencyKey === idempotencyKey)
        : undefined;
      if (existing) return { order: storedOrder(existing), created: false };
      const row = addOrder({
        email,
        currency: priced.currency,
        amount: priced.total.amount,
        idempotencyKey,
        requestHash,
        livemode,
        locale,
        customerId,
        captureMethod: captureMethod ?? 'automatic',
        items: priced.lines.map((line) => ({
          productId: line.productId,
          name: line.name,
          unitAmount: line.unitAmount.amount,
          quantity: line.quantity,
        })),
      });
      return { order: storedOrder(row), created: true };
    },
    listUnpaidBefore: async (cutoff, limit) =>
      [...state.orders.values()]
        .filter((order) => UNPAID_ORDER_STATUSES.includes(order.status) && order.updatedAt < cutoff)
        .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())
        .slice(0, limit)
        .map(expiryCandidate),
    claimCancellations: async (now, leaseUntil, limit) =>
      [...state.orders.values()]
        .filter((order) => order.cancelPaymentIntentAt !== null && order.cancelPaymentIntentAt <= now)
        .sort((a, b) => a.cancelPaymentIntentAt!.getTime() - b.cancelPaymentIntentAt!.getTime())
        .slice(0, limit)
        .map((order) => {
          order.cancelPaymentIntentAt = leaseUntil;
          return { ...expiryCandidate(order), attempts: order.cancelAttempts };
        }),
    find: async (id) => {
      const row = state.orders.get(id.toLowerCase());
      return row ? storedOrder(row) : null;
    },
    findByIdempotencyKey: async (key) => {
      const row = [...state.orders.values()].find((order) => order.idempotencyKey === key);
      return row ? storedOrder(row) : null;
    },
    view: async (id) => {
      const row = state.orders.get(id);
      if (!row) return null;
      return {
        id: row.id,
        status: row.status,
        amount: row.amount,
        amountRefunded: row.amountRefunded,
        currency: row.currency,
        email: row.email,
        items: row.items,
        createdAt: row.createdAt.toISOString(),
        paidAt: row.paidAt?.toISOString() ?? null,
      };
    },
    async recordPaymentIntent(orderId, intent) {
      const order = state.orders.get(orderId);
      if (order && !order.paymentIntentId && order.status !== 'expired') order.paymentIntentId = intent.id;
      if (order?.paymentIntentId !== intent.id) return false;
      if (!paymentByPi(intent.id)) {
        addPayment({ orderId, paymentIntentId: intent.id, amount: intent.amount, status: intent.status });
      }
      return true;
    },
  };

  const products: Pick<ProductRepository, 'listActive' | 'catalogEntries'> = {
    listActive: async () => [],
    catalogEntries: async (ids) =>
      new Map(catalog.filter((entry) => ids.includes(entry.productId)).map((entry) => [entry.productId, entry])),
  };

  const refunds: RefundRepository = {
    find: async (id) => {
      const row = state.refunds.get(id);
      return row ? storedRefund(row) : null;
    },
    list: async ({ status, limit }) =>
      [...state.refunds.values()]
        .filter((row) => !status || row.status === status)
        .slice(0, limit)
        .map(storedRefund),
    async claimForSending(refundId, leaseMs) {
      const row = state.refunds.get(refundId);
      const now = clock.now();
      if (!row || row.status !== 'pending' || row.stripeRefundId) return null;
      if (row.sendingAt && row.sendingAt.getTime() > now.getTime() - leaseMs) return null;
      row.sendingAt = now;
      return { refund: storedRefund(row), lease: now };
    },
    async release(refundId, lease) {
      const row = state.refunds.get(refundId);
      if (row && !row.stripeRefundId && row.sendingAt?.getTime() === lease.getTime()) row.sendingAt = null;
    },
    listUnsent: async (before, limit) =>
      [...state.refunds.values()]
        .filter(
          (row) =>
            row.status === 'pending' &&
            !row.stripeRefundId &&
            row.updatedAt < before &&
            (!row.sendingAt || row.sendingAt < before),
        )
        .slice(0, limit)
        .map(storedRefund),
  };

  const webhookInbox: WebhookInboxRepository = {
    async insert(event: WebhookInboxEvent) {
      if ([...state.inbox.values()].some((row) => row.stripeEventId === event.stripeEventId))
        return { inserted: false };
      const id = randomUUID();
      state.inbox.set(id, {
        id,
        stripeEventId: event.stripeEventId,
        type: event.type,
        paymentIntentId: event.paymentIntentId,
        stripeCreatedAt: event.stripeCreatedAt,
        payload: typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload,
        source: event.source,
        status: event.status,
        attempts: 0,
        lockedBy: null,
        lastError: null,
        nextAttemptAt: clock.now(),
      });
      return { inserted: true };
    },
    async addRejectionCounts(counts) {
      for (const count of counts) {
        const same = state.rejectionCounts.find(
          (c) => c.minute.getTime() === count.minute.getTime() && c.reason === count.reason,
        );
        if (same) same.count += count.count;
        else state.rejectionCounts.push({ ...count });
      }
    },
    async pruneRejectionCounts(before) {
      const kept = state.rejectionCounts.filter((c) => c.minute >= before);
      const pruned = state.rejectionCounts.length - kept.length;
      state.rejectionCounts = kept;
      return pruned;
    },
  };

  const webhookProcessing: WebhookProcessingRepository = {
    /** Every due event (no ordering per PaymentIntent: the worker tests on a database cover that). */
    async claim({ workerId, limit }) {
      const due = [...state.inbox.values()]
        .filter((row) => ['received', 'failed'].includes(row.status) && row.nextAttemptAt <= clock.now())
        .slice(0, limit);
      return due.map((row): ClaimedWebhookEvent => {
        Object.assign(row, { status: 'processing', lockedBy: workerId, attempts: row.attempts + 1 });
        return { ...row, lockedBy: workerId };
      });
    },
    async recordFailure(event, failure) {
      const row = state.inbox.get(event.id);
      if (!row || row.status !== 'processing' || row.lockedBy !== event.lockedBy || row.attempts !== event.attempts) {
        return false;
      }
      Object.assign(row, {
        status: failure.status,
        lastError: failure.error,
        lockedBy: null,
        ...(failure.status === 'failed' ? { nextAttemptAt: failure.nextAttemptAt } : {}),
      });
      return true;
    },
  };

  const reconciliationRuns: ReconciliationRepository = {
    async lastCursor() {
      const done = [...state.runs.values()].filter((run) => run.status === 'succeeded' && run.cursorTo);
      const last = done.map((run) => new Date(run.cursorTo!)).sort((a, b) => b.getTime() - a.getTime())[0];
      return last ?? null;
    },
    async start() {
      const id = randomUUID();
      state.runs.set(id, {
        id,
        status: 'running',
        cursorFrom: null,
        cursorTo: null,
        eventsListed: 0,
        eventsInserted: 0,
        findings: null,
        error: null,
        startedAt: clock.now().toISOString(),
        finishedAt: null,
      });
      return id;
    },
    async succeed(id, outcome) {
      Object.assign(state.runs.get(id)!, {
        status: 'succeeded',
        cursorFrom: outcome.cursorFrom.toISOString(),
        cursorTo: outcome.cursorTo.toISOString(),
        eventsListed: outcome.eventsListed,
        eventsInserted: outcome.eventsInserted,
        findings: outcome.findings,
        finishedAt: clock.now().toISOString(),
      });
    },
    async fail(id, error) {
      Object.assign(state.runs.get(id)!, { status: 'failed', error, finishedAt: clock.now().toISOString() });
    },
    recent: async (limit) => [...state.runs.values()].reverse().slice(0, limit),
    get: async (id) => state.runs.get(id) ?? null,
  };

  const mirrored = (payment: PaymentRow): MirroredPayment => ({
    id: payment.id,
    orderId: payment.orderId,
    paymentIntentId: payment.paymentIntentId as PaymentIntentId,
    status: payment.status,
    amountReceived: payment.amountReceived,
    amountRefunded: payment.amountRefunded,
  });

  const paymentDrift: PaymentDriftRepository = {
    recentPayments: async (since, limit) =>
      [...state.payments.values()]
        .filter((payment) => payment.createdAt >= since)
        .slice(0, limit)
        .map(mirrored),
    payment: async (id) => {
      const payment = state.payments.get(id);
      return payment ? mirrored(payment) : null;
    },
    hasUnfinishedEvents: async (paymentIntentId) =>
      [...state.inbox.values()].some(
        (row) => row.paymentIntentId === paymentIntentId && ['received', 'processing', 'failed'].includes(row.status),
      ),
    settlement: async (paymentId) => {
      const payment = state.payments.get(paymentId);
      if (!payment) return null;
      return {
        paymentIntentId: payment.paymentIntentId as PaymentIntentId,
        amountRefunded: payment.amountRefunded,
        refunds: [...state.refunds.values()]
          .filter((refund) => refund.paymentId === paymentId)
          .map(({ id, stripeRefundId, amount, status, source }) => ({ id, stripeRefundId, amount, status, source })),
        disputes: [...state.disputes.values()]
          .filter((dispute) => dispute.paymentId === paymentId)
          .map(({ stripeDisputeId, amount, status }) => ({ stripeDisputeId, amount, status })),
      };
    },
  };

  const isOpen = (row: AuthorizationActionRow) => row.status !== 'failed';
  const authorizations: AuthorizationRepository = {
    async listOpen({ lapsingBefore, limit }) {
      return [...state.payments.values()]
        .filter((payment) => payment.status === 'requires_capture')
        .filter((payment) => state.orders.get(payment.orderId)?.status === 'authorized')
        .filter(
          (payment) => !lapsingBefore || (payment.captureBefore !== null && payment.captureBefore < lapsingBefore),
        )
        .sort((a, b) => (a.captureBefore?.getTime() ?? 0) - (b.captureBefore?.getTime() ?? 0))
        .slice(0, limit)
        .map((payment) => ({
          orderId: payment.orderId,
          paymentIntentId: payment.paymentIntentId as PaymentIntentId,
          currency: payment.currency,
          amount: state.orders.get(payment.orderId)!.amount,
          amountCapturable: payment.amountCapturable,
          authorizedAt: payment.authorizedAt,
          captureBefore: payment.captureBefore,
          email: state.orders.get(payment.orderId)!.email,
          cardBrand: null,
          cardLast4: null,
          pendingAction:
            [...state.authorizationActions.values()].find(
              (row) => row.paymentId === payment.id && row.status === 'pending',
            )?.kind ?? null,
        }));
    },
    async listDueForSweep(before, limit) {
      return [...state.payments.values()]
        .filter(
          (payment) => payment.status === 'requires_capture' && payment.captureBefore && payment.captureBefore < before,
        )
        .filter(
          (payment) =>
            ![...state.authorizationActions.values()].some((row) => row.paymentId === payment.id && isOpen(row)),
        )
        .slice(0, limit)
        .map((payment) => payment.orderId);
    },
    async listStalePending(before, limit) {
      return [...state.authorizationActions.values()]
        .filter((row) => row.status === 'pending' && row.updatedAt < before)
        .slice(0, limit)
        .map((row) => ({ orderId: state.payments.get(row.paymentId)!.orderId, idempotencyKey: row.idempotencyKey }));
    },
  };

  return {
    get state() {
      return state;
    },
    authorizations,
    clock,
    paymentTransactions,
    orders,
    products,
    refunds,
    webhookInbox,
    webhookProcessing,
    reconciliationRuns,
    paymentDrift,
    audit: { append: async (entry: AuditEntry) => void state.audit.push(entry) },
    addOrder,
    addPayment,
    addRefund,
    paidOrder,
    authorizedOrder,
  };
}
