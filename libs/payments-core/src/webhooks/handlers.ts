import { SETTLED_ORDER_STATUSES, type OrderStatus } from '../domain/order-status';
import {
  canMoveOrderStatus,
  orderStatusForPaymentIntent,
  PAYMENT_INTENT_STATUSES,
  type PaymentIntentStatus,
} from '../domain/payment-status';
import {
  PAID_AFTER_EXPIRY,
  paymentIntentAnomaly,
  type PaymentAnomaly,
  type PaymentAnomalyKind,
  type PaymentAnomalySource,
} from '../domain/payment-anomaly';
import { err, ok, type Result } from '../domain/result';
import { AUTHORIZATION_VALIDITY_MS } from '../domain/authorization';
import { eventPosition, isNewerEvent, type EventPosition } from './event-ordering';
import {
  isNewerDisputeEvent,
  refundedAmount,
  settledOrderStatus,
  shouldApplyRefundStatus,
  STOREPAY_REFUND_METADATA_KEY,
  STRIPE_DISPUTE_STATUSES,
  type OrderSettlement,
  type StripeDisputeStatus,
} from './settlement';
import type { InboxEvent } from './stripe-event-shapes';
import { STRIPE_REFUND_STATUSES, type RefundStatus, type StripeRefundStatus } from '../domain/refund-status';
import { HANDLED_WEBHOOK_EVENT_TYPES } from '../domain/webhook-events';

/** The event types these handlers apply: the inbox's handled list (every other type is stored and ignored). */
export const PAYMENT_WEBHOOK_EVENT_TYPES = HANDLED_WEBHOOK_EVENT_TYPES;
export type PaymentWebhookEventType = (typeof PAYMENT_WEBHOOK_EVENT_TYPES)[number];

/** The facts of a PaymentIntent an event carries, and what they imply for its order. */
export interface PaymentIntentChange {
  paymentIntentId: string;
  /** `metadata.order_id`, set by our checkout; null on a PaymentIntent that is not ours. */
  orderId: string | null;
  /** Always `data.object.status`, never the event's name. */
  status: PaymentIntentStatus;
  currency: string;
  amount: number;
  /** Live or test mode: the object's `livemode`, else the event's. */
  livemode: boolean;
  amountReceived: number;
  amountCapturable: number;
  latestChargeId: string | null;
  /** The Radar review Stripe opened on the payment (`review`), whose own events may arrive after this one. */
  reviewId: string | null;
  lastPaymentError: { code: string | null; declineCode: string | null; message: string | null } | null;
  orderStatus: OrderStatus;
  position: EventPosition;
  eventId: string;
  eventCreatedAtMs: number;
}

/** The facts of a succeeded charge: the card and the outcome of its authorization. */
export interface ChargeChange {
  chargeId: string;
  paymentIntentId: string;
  paymentMethodType: string | null;
  card: {
    brand: string | null;
    last4: string | null;
    expMonth: number | null;
    expYear: number | null;
    country: string | null;
  } | null;
  outcome: {
    riskLevel: string | null;
    /** Radar's score, 0–99 (absent without Radar). */
    riskScore?: number | null;
    type: string | null;
    networkStatus: string | null;
  } | null;
  /**
   * An authorisation not captured yet (manual capture): when it was made and when it lapses (the card's
   * `capture_before`, else `AUTHORIZATION_VALIDITY_MS` after the charge). Null for a captured charge.
   */
  authorization: { authorizedAtMs: number; captureBeforeMs: number } | null;
}

/** The facts of a refund object (from a refund event, or expanded on a `charge.refunded`). */
export interface RefundChange {
  stripeRefundId: string;
  paymentIntentId: string;
  chargeId: string | null;
  /** Our Refund row id from `metadata.storepay_refund_id`: a refund our admin created. */
  ourRefundId: string | null;
  amount: number;
  currency: string;
  /** Always the refund object's status, never the event's name. */
  status: StripeRefundStatus;
  reason: string | null;
  failureReason: string | null;
}

/** A `charge.refunded`: the charge's `amount_refunded`, and its refunds when the list is expanded. */
export interface ChargeRefundedChange {
  chargeId: string;
  paymentIntentId: string;
  amountRefunded: number;
  refunds: RefundChange[];
}

/** The facts of a dispute object. */
export interface DisputeChange {
  stripeDisputeId: string;
  paymentIntentId: string;
  chargeId: string | null;
  amount: number;
  currency: string;
  reason: string;
  /** Always the dispute object's status, never the event's name. */
  status: StripeDisputeStatus;
  evidenceDueByMs: number | null;
  eventCreatedAtMs: number;
}

/** The facts of a Radar review (a payment Radar holds for a person to look at). */
export interface ReviewChange {
  stripeReviewId: string;
  paymentIntentId: string;
  chargeId: string | null;
  open: boolean;
  /** Why it is in review now (`rule`, `manual`), or how it was closed (`approved`, `refunded`, …). */
  reason: string;
  openedReason: string | null;
  closedReason: string | null;
  eventCreatedAtMs: number;
}

/** The facts of an early fraud warning: the issuer says a charge may be fraudulent (a dispute may follow). */
export interface EarlyFraudWarningChange {
  stripeWarningId: string;
  paymentIntentId: string;
  chargeId: string | null;
  fraudType: string;
  /** Not disputed and not fully refunded yet: a refund now may still avoid a dispute. */
  actionable: boolean;
  eventCreatedAtMs: number;
}

export type WebhookChange =
  | { kind: 'payment_intent'; change: PaymentIntentChange }
  | { kind: 'charge'; change: ChargeChange }
  | { kind: 'charge_refunded'; change: ChargeRefundedChange }
  | { kind: 'refund'; change: RefundChange }
  | { kind: 'dispute'; change: DisputeChange }
  | { kind: 'review'; change: ReviewChange }
  | { kind: 'early_fraud_warning'; change: EarlyFraudWarningChange }
  | { kind: 'ignored'; reason: string };

/** An event whose payload is not what its type promises. */
export interface MalformedWebhookEvent {
  code: 'malformed_event';
  message: string;
}

const malformed = (message: string) => err<MalformedWebhookEvent>({ code: 'malformed_event', message });

type Fields = Record<string, unknown>;
const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const int = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);
const idOf = (value: unknown): string | null => str(value) ?? (isRecord(value) ? str(value.id) : null);

function isPaymentIntentStatus(value: unknown): value is PaymentIntentStatus {
  return typeof value === 'string' && (PAYMENT_INTENT_STATUSES as readonly string[]).includes(value);
}

function isHandledType(type: string): type is PaymentWebhookEventType {
  return (PAYMENT_WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

function paymentIntentChange(event: InboxEvent, object: Fields): Result<WebhookChange, MalformedWebhookEvent> {
  const id = str(object.id);
  const amount = int(object.amount);
  const currency = str(object.currency);
  if (object.object !== 'payment_intent' || !id) return malformed('data.object is not a payment_intent');
  if (!isPaymentIntentStatus(object.status)) return malformed(`unknown PaymentIntent status ${String(object.status)}`);
  if (amount === null || !currency) return malformed('the payment_intent lacks its amount or currency');
  const error = isRecord(object.last_payment_error) ? object.last_payment_error : null;
  const lastPaymentError = error
    ? { code: str(error.code), declineCode: str(error.decline_code), message: str(error.message) }
    : null;
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const createdAtMs = event.created * 1000;
  return ok({
    kind: 'payment_intent',
    change: {
      paymentIntentId: id,
      orderId: str(metadata.order_id),
      status: object.status,
      currency,
      amount,
      livemode: typeof object.livemode === 'boolean' ? object.livemode : event.livemode === true,
      amountReceived: int(object.amount_received) ?? 0,
      amountCapturable: int(object.amount_capturable) ?? 0,
      latestChargeId: idOf(object.latest_charge),
      reviewId: idOf(object.review),
      lastPaymentError,
      orderStatus: orderStatusForPaymentIntent(object.status, lastPaymentError !== null),
      position: eventPosition(object.status, createdAtMs, event.id),
      eventId: event.id,
      eventCreatedAtMs: createdAtMs,
    },
  });
}

function chargeChange(object: Fields): Result<WebhookChange, MalformedWebhookEvent> {
  const id = str(object.id);
  if (object.object !== 'charge' || !id) return malformed('data.object is not a charge');
  const paymentIntentId = idOf(object.payment_intent);
  if (!paymentIntentId) return ok({ kind: 'ignored', reason: 'a charge without a PaymentIntent' });
  const details = isRecord(object.payment_method_details) ? object.payment_method_details : {};
  const card = isRecord(details.card) ? details.card : null;
  const outcome = isRecord(object.outcome) ? object.outcome : null;
  const createdMs = (int(object.created) ?? 0) * 1000;
  const captureBefore = card ? int(card.capture_before) : null;
  const authorization =
    object.captured === false && object.status === 'succeeded' && createdMs > 0
      ? {
          authorizedAtMs: createdMs,
          captureBeforeMs: captureBefore ? captureBefore * 1000 : createdMs + AUTHORIZATION_VALIDITY_MS,
        }
      : null;
  return ok({
    kind: 'charge',
    change: {
      chargeId: id,
      paymentIntentId,
      paymentMethodType: str(details.type),
      card: card
        ? {
            brand: str(card.brand),
            last4: str(card.last4),
            expMonth: int(card.exp_month),
            expYear: int(card.exp_year),
            country: str(card.country),
          }
        : null,
      outcome: outcome
        ? {
            riskLevel: str(outcome.risk_level),
            riskScore: int(outcome.risk_score),
            type: str(outcome.type),
            networkStatus: str(outcome.network_status),
          }
        : null,
      authorization,
    },
  });
}

function refundFacts(object: Fields): Result<RefundChange | null, MalformedWebhookEvent> {
  const id = str(object.id);
  const amount = int(object.amount);
  const currency = str(object.currency);
  if (object.object !== 'refund' || !id) return malformed('data.object is not a refund');
  if (!(STRIPE_REFUND_STATUSES as readonly unknown[]).includes(object.status)) {
    return malformed(`unknown refund status ${String(object.status)}`);
  }
  if (amount === null || !currency) return malformed('the refund lacks its amount or currency');
  const paymentIntentId = idOf(object.payment_intent);
  if (!paymentIntentId) return ok(null);
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return ok({
    stripeRefundId: id,
    paymentIntentId,
    chargeId: idOf(object.charge),
    ourRefundId: str(metadata[STOREPAY_REFUND_METADATA_KEY]),
    amount,
    currency,
    status: object.status as StripeRefundStatus,
    reason: str(object.reason),
    failureReason: str(object.failure_reason),
  });
}

function refundChange(object: Fields): Result<WebhookChange, MalformedWebhookEvent> {
  const facts = refundFacts(object);
  if (!facts.ok) return facts;
  if (!facts.value) return ok({ kind: 'ignored', reason: 'a refund without a PaymentIntent' });
  return ok({ kind: 'refund', change: facts.value });
}

function chargeRefundedChange(object: Fields): Result<WebhookChange, MalformedWebhookEvent> {
  const id = str(object.id);
  if (object.object !== 'charge' || !id) return malformed('data.object is not a charge');
  const paymentIntentId = idOf(object.payment_intent);
  if (!paymentIntentId) return ok({ kind: 'ignored', reason: 'a charge without a PaymentIntent' });
  const list = isRecord(object.refunds) && Array.isArray(object.refunds.data) ? object.refunds.data : [];
  const refunds: RefundChange[] = [];
  for (const item of list) {
    if (!isRecord(item)) return malformed('charge.refunds holds a non-object');
    const facts = refundFacts({
      ...item,
      payment_intent: item.payment_intent ?? paymentIntentId,
      charge: item.charge ?? id,
    });
    if (!facts.ok) return facts;
    if (facts.value) refunds.push(facts.value);
  }
  return ok({
    kind: 'charge_refunded',
    change: { chargeId: id, paymentIntentId, amountRefunded: int(object.amount_refunded) ?? 0, refunds },
  });
}

function disputeFacts(object: Fields, createdAtMs: number): Result<DisputeChange | null, MalformedWebhookEvent> {
  const id = str(object.id);
  const amount = int(object.amount);
  const currency = str(object.currency);
  if (object.object !== 'dispute' || !id) return malformed('data.object is not a dispute');
  if (!(STRIPE_DISPUTE_STATUSES as readonly unknown[]).includes(object.status)) {
    return malformed(`unknown dispute status ${String(object.status)}`);
  }
  if (amount === null || !currency) return malformed('the dispute lacks its amount or currency');
  const paymentIntentId = idOf(object.payment_intent);
  if (!paymentIntentId) return ok(null);
  const evidence = isRecord(object.evidence_details) ? object.evidence_details : {};
  const dueBy = int(evidence.due_by);
  return ok({
    stripeDisputeId: id,
    paymentIntentId,
    chargeId: idOf(object.charge),
    amount,
    currency,
    reason: str(object.reason) ?? 'general',
    status: object.status as StripeDisputeStatus,
    evidenceDueByMs: dueBy === null ? null : dueBy * 1000,
    eventCreatedAtMs: createdAtMs,
  });
}

function disputeChange(event: InboxEvent, object: Fields): Result<WebhookChange, MalformedWebhookEvent> {
  const facts = disputeFacts(object, event.created * 1000);
  if (!facts.ok) return facts;
  if (!facts.value) return ok({ kind: 'ignored', reason: 'a dispute without a PaymentIntent' });
  return ok({ kind: 'dispute', change: facts.value });
}

function reviewFacts(object: Fields, createdAtMs: number): Result<ReviewChange | null, MalformedWebhookEvent> {
  const id = str(object.id);
  if (object.object !== 'review' || !id) return malformed('data.object is not a review');
  if (typeof object.open !== 'boolean') return malformed('the review lacks whether it is open');
  const paymentIntentId = idOf(object.payment_intent);
  if (!paymentIntentId) return ok(null);
  return ok({
    stripeReviewId: id,
    paymentIntentId,
    chargeId: idOf(object.charge),
    open: object.open,
    reason: str(object.reason) ?? 'rule',
    openedReason: str(object.opened_reason),
    closedReason: str(object.closed_reason),
    eventCreatedAtMs: createdAtMs,
  });
}

/** Reads a review as Stripe's API answers it (an approve): `observedAtMs` stands in for an event's time. */
export function readReviewObject(
  object: unknown,
  observedAtMs: number,
): Result<ReviewChange | null, MalformedWebhookEvent> {
  return isRecord(object) ? reviewFacts(object, observedAtMs) : malformed('the review is not an object');
}

function earlyFraudWarningChange(event: InboxEvent, object: Fields): Result<WebhookChange, MalformedWebhookEvent> {
  const id = str(object.id);
  if (object.object !== 'radar.early_fraud_warning' || !id) {
    return malformed('data.object is not an early fraud warning');
  }
  const paymentIntentId = idOf(object.payment_intent);
  if (!paymentIntentId) return ok({ kind: 'ignored', reason: 'an early fraud warning without a PaymentIntent' });
  return ok({
    kind: 'early_fraud_warning',
    change: {
      stripeWarningId: id,
      paymentIntentId,
      chargeId: idOf(object.charge),
      fraudType: str(object.fraud_type) ?? 'misc',
      actionable: object.actionable === true,
      eventCreatedAtMs: event.created * 1000,
    },
  });
}

/**
 * Reads a refund object as listed from Stripe's API (not from an event) with the same checks as a refund event's;
 * null for a refund without a PaymentIntent. The drift check feeds it to `applyRefundChanges`.
 */
export function readRefundObject(object: unknown): Result<RefundChange | null, MalformedWebhookEvent> {
  return isRecord(object) ? refundFacts(object) : malformed('the refund is not an object');
}

/**
 * Reads a dispute object as listed from Stripe's API. An object read from the API has no event time, so
 * `observedAtMs` (when it was read) takes its place in the dispute's guard: the state read then is at least as new
 * as every event created before it.
 */
export function readDisputeObject(
  object: unknown,
  observedAtMs: number,
): Result<DisputeChange | null, MalformedWebhookEvent> {
  return isRecord(object) ? disputeFacts(object, observedAtMs) : malformed('the dispute is not an object');
}

/** Decides what an event changes, from its payload alone (pure). */
export function decideWebhookChange(event: InboxEvent): Result<WebhookChange, MalformedWebhookEvent> {
  if (!isHandledType(event.type)) return ok({ kind: 'ignored', reason: `unhandled event type ${event.type}` });
  if (!Number.isFinite(event.created)) return malformed('the event lacks its creation time');
  const object = event.data?.object;
  if (!isRecord(object)) return malformed('the event lacks data.object');
  if (event.type === 'charge.succeeded' || event.type === 'charge.captured') return chargeChange(object);
  if (event.type === 'charge.refunded') return chargeRefundedChange(object);
  if (event.type.startsWith('refund.') || event.type === 'charge.refund.updated') return refundChange(object);
  if (event.type.startsWith('charge.dispute.')) return disputeChange(event, object);
  if (event.type.startsWith('review.')) {
    const facts = reviewFacts(object, event.created * 1000);
    if (!facts.ok) return facts;
    return ok(
      facts.value
        ? { kind: 'review', change: facts.value }
        : { kind: 'ignored', reason: 'a review without a PaymentIntent' },
    );
  }
  if (event.type.startsWith('radar.early_fraud_warning.')) return earlyFraudWarningChange(event, object);
  return paymentIntentChange(event, object);
}

/** The payment as the guard needs it, read and locked for the rest of the transaction. */
export interface PaymentSnapshot {
  orderId: string;
  status: PaymentIntentStatus;
  lastStripeEventId: string | null;
  lastStripeEventAtMs: number | null;
}

export interface OrderSnapshot {
  id: string;
  status: OrderStatus;
  email: string;
  amount: number;
  currency: string;
  /** The PaymentIntent checkout recorded for the order (null until it has): the only one that may pay it. */
  paymentIntentId: string | null;
  livemode: boolean;
}

/** A PaymentIntent that may not pay the order it names, as recorded for staff. */
export interface PaymentAnomalyRecord extends PaymentAnomaly {
  orderId: string;
  paymentIntentId: string;
  /** The event that carried it; null when it was read from Stripe's API. */
  eventId: string | null;
  source: PaymentAnomalySource;
}

/** A refund as recorded, found by its Stripe id or by our tag. */
export interface RefundSnapshot {
  id: string;
  status: RefundStatus;
}

export interface DisputeSnapshot {
  status: StripeDisputeStatus;
  lastStripeEventAtMs: number | null;
}

export interface OutboxEntry {
  kind: string;
  /** Unique per effect: a second entry with the same key is dropped. */
  dedupeKey: string;
  orderId: string | null;
  payload: Record<string, unknown>;
}

/**
 * Persistence for the handlers, implemented by libs/db. Every call runs inside the one transaction that also marks
 * the event processed, so an event is applied completely or not at all.
 */
export interface WebhookEffects {
  /** The payment of a PaymentIntent, locked until the transaction ends; null when there is none. */
  lockPayment(paymentIntentId: string): Promise<PaymentSnapshot | null>;
  /** Creates the payment of an order that checkout has not recorded yet; false when the order does not exist. */
  createPayment(orderId: string, change: PaymentIntentChange): Promise<boolean>;
  /** Writes the PaymentIntent's facts and the event's position onto its payment. */
  updatePaymentIntent(change: PaymentIntentChange): Promise<void>;
  /** Writes a charge's card and outcome onto the payment of its PaymentIntent. */
  updateCharge(change: ChargeChange): Promise<void>;
  /** The order, locked until the transaction ends. */
  lockOrder(orderId: string): Promise<OrderSnapshot | null>;
  moveOrder(orderId: string, to: OrderStatus): Promise<void>;
  /** Records an anomaly for staff (once per PaymentIntent and kind). */
  recordAnomaly(anomaly: PaymentAnomalyRecord): Promise<void>;
  /** Records a side effect once per dedupe key; false when it was already recorded. */
  enqueueOutbox(entry: OutboxEntry): Promise<boolean>;
  /**
   * The refund of a payment: our row `ourRefundId` (when the refund carries our tag and that row is the payment's),
   * else the row of `stripeRefundId`; null when neither exists.
   */
  findRefund(
    paymentIntentId: string,
    stripeRefundId: string,
    ourRefundId: string | null,
  ): Promise<RefundSnapshot | null>;
  /**
   * Writes a refund's facts: onto the row `existingId`, or a new row (source `admin` when tagged, else `stripe`).
   * `applyStatus` false keeps the row's status (the event is older than what the row has).
   */
  saveRefund(existingId: string | null, change: RefundChange, applyStatus: boolean): Promise<void>;
  /** The amounts and statuses of a payment's refunds. */
  listRefunds(paymentIntentId: string): Promise<{ amount: number; status: RefundStatus }[]>;
  /** Sets the payment's refunded amount, and the order's (the sum over its payments). */
  setAmountRefunded(paymentIntentId: string, amount: number): Promise<void>;
  findDispute(stripeDisputeId: string): Promise<DisputeSnapshot | null>;
  /** Creates or overwrites the dispute of `change` with its facts and the event's time. */
  saveDispute(change: DisputeChange): Promise<void>;
  /** The refunded amount of an order and the statuses of its disputes. */
  orderSettlement(orderId: string): Promise<OrderSettlement>;
  /** The review as recorded: whether it is open, and the time of the event applied last. */
  findReview(stripeReviewId: string): Promise<RecordedReview | null>;
  /** Creates or overwrites the review of `change` with its facts and the event's time. */
  saveReview(change: ReviewChange): Promise<void>;
  /** Whether a Radar review of the PaymentIntent is open: its order is not fulfilled until it closes. */
  hasOpenReview(paymentIntentId: string): Promise<boolean>;
  findEarlyFraudWarning(stripeWarningId: string): Promise<{ lastStripeEventAtMs: number | null } | null>;
  saveEarlyFraudWarning(change: EarlyFraudWarningChange): Promise<void>;
}

/** A review as recorded: whether it is open, how it closed, and the time of the event applied last. */
export interface RecordedReview {
  open: boolean;
  /** Stripe's `reason`: how a closed review closed (as `closed_reason`), or why an open one is open. */
  reason: string;
  closedReason: string | null;
  lastStripeEventAtMs: number | null;
}

/**
 * Whether Radar holds the payment's fulfilment: a review of it is open, or its PaymentIntent names a review not
 * recorded as closed approved (Stripe sends `review.opened` first, but does not promise the order events arrive in,
 * and events of one second sort by id). A review refused (refunded, disputed) holds it for good; one approved later
 * releases it then (see `applyReviewChange`).
 */
export async function reviewHoldsFulfilment(
  paymentIntentId: string,
  reviewId: string | null,
  effects: Pick<WebhookEffects, 'hasOpenReview' | 'findReview'>,
): Promise<boolean> {
  if (await effects.hasOpenReview(paymentIntentId)) return true;
  if (!reviewId) return false;
  const review = await effects.findReview(reviewId);
  return !review || review.open || !closedApproved(review);
}

/** A closed review that let the payment through. */
const closedApproved = (review: Pick<RecordedReview, 'reason' | 'closedReason'>) =>
  review.closedReason === 'approved' || review.reason === 'approved';

export type WebhookOutcome =
  | { status: 'processed'; effect: 'applied' | 'stale'; orderStatus?: OrderStatus; fulfilment?: boolean }
  /** The PaymentIntent may not pay the order it names: recorded as an anomaly, the order left as it was. */
  | { status: 'processed'; effect: 'flagged'; anomaly: PaymentAnomalyKind; orderId: string }
  | { status: 'ignored'; reason: string };

export const orderPaidDedupeKey = (orderId: string) => `order-paid:${orderId}`;

/**
 * Whether a PaymentIntent that implies `implied` for an order now at `current` confirms the order (its fulfilment and
 * the shopper's confirmation): it was paid, or (manual capture) its card authorised; a later capture confirms nothing
 * new (the dedupe key holds the first).
 */
export function confirmsOrder(implied: OrderStatus, current: OrderStatus): boolean {
  if (implied === 'paid') return SETTLED_ORDER_STATUSES.includes(current);
  return implied === 'authorized' && current === 'authorized';
}

/**
 * The fulfilment of a paid order, recorded in the outbox once by its dedupe key (`order-paid:<order id>`), whichever
 * path saw the payment first: a webhook, the order refresh or the drift check. False when it was recorded already.
 */
export function recordOrderPaid(
  order: OrderSnapshot,
  paymentIntentId: string,
  effects: Pick<WebhookEffects, 'enqueueOutbox'>,
  { authorized = false }: { authorized?: boolean } = {},
): Promise<boolean> {
  return effects.enqueueOutbox({
    kind: 'order.paid',
    dedupeKey: orderPaidDedupeKey(order.id),
    orderId: order.id,
    payload: {
      orderId: order.id,
      email: order.email,
      amount: order.amount,
      currency: order.currency,
      paymentIntentId,
      // Manual capture: confirmed at the authorisation, so the email says the card is charged when it ships.
      ...(authorized ? { authorized: true } : {}),
    },
  });
}

/**
 * A payment that was `processing` (a method that settles later, e.g. a bank debit) and then failed or needs the
 * shopper again: the shopper has left the checkout, so they are told by email, once per PaymentIntent and outcome.
 * A card's decline or 3DS happens while they are on the page, and sends nothing. Every path that moves the order
 * calls it (a webhook, the order page's refresh, the drift check), so whichever sees the outcome first tells them.
 */
export async function notifyLateOutcome(
  order: OrderSnapshot,
  target: OrderStatus,
  paymentIntentId: string,
  effects: Pick<WebhookEffects, 'enqueueOutbox'>,
) {
  if (order.status !== 'processing' || (target !== 'failed' && target !== 'requires_action')) return;
  const kind = target === 'failed' ? 'payment.failed' : 'payment.requires_action';
  await effects.enqueueOutbox({
    kind,
    dedupeKey: `${kind}:${paymentIntentId}`,
    orderId: order.id,
    payload: { orderId: order.id, paymentIntentId },
  });
}

/**
 * Moves an order to the status its own PaymentIntent implies, when that is progress (`canMoveOrderStatus`); true when
 * it moved. An expired order only moves when money arrived anyway (the shopper paid in a tab left open while the
 * cancellation could not reach Stripe): it is paid, never lost, and flagged `paid_after_expiry` for staff to fulfil
 * or refund. The webhook handler and the mirror of a PaymentIntent read from Stripe both move orders through here.
 */
export async function moveOrderForPayment(
  order: Pick<OrderSnapshot, 'id' | 'status'>,
  target: OrderStatus,
  seen: { paymentIntentId: string; eventId: string | null; source: PaymentAnomalySource },
  effects: Pick<WebhookEffects, 'moveOrder' | 'recordAnomaly'>,
): Promise<boolean> {
  if (!canMoveOrderStatus(order.status, target)) return false;
  await effects.moveOrder(order.id, target);
  if (order.status === 'expired') {
    await effects.recordAnomaly({
      kind: PAID_AFTER_EXPIRY,
      expected: 'expired',
      actual: target,
      orderId: order.id,
      ...seen,
    });
  }
  return true;
}

/** Records the anomaly of a PaymentIntent that may not pay `order`, and answers the flagged outcome. */
async function flag(
  anomaly: PaymentAnomaly,
  order: OrderSnapshot,
  change: PaymentIntentChange,
  effects: WebhookEffects,
): Promise<WebhookOutcome> {
  await effects.recordAnomaly({
    ...anomaly,
    orderId: order.id,
    paymentIntentId: change.paymentIntentId,
    eventId: change.eventId,
    source: 'webhook',
  });
  return { status: 'processed', effect: 'flagged', anomaly: anomaly.kind, orderId: order.id };
}

const intentTerms = (change: PaymentIntentChange) => ({
  id: change.paymentIntentId,
  amount: change.amount,
  currency: change.currency,
  livemode: change.livemode,
});

async function applyPaymentIntent(change: PaymentIntentChange, effects: WebhookEffects): Promise<WebhookOutcome> {
  let payment = await effects.lockPayment(change.paymentIntentId);
  if (!payment) {
    if (!change.orderId) return { status: 'ignored', reason: 'a PaymentIntent of no order of ours' };
    // A PaymentIntent checkout has not recorded (yet): it becomes the order's payment only if it may pay the order.
    const named = await effects.lockOrder(change.orderId);
    if (!named) return { status: 'ignored', reason: 'a PaymentIntent of no order of ours' };
    const anomaly = paymentIntentAnomaly(intentTerms(change), named);
    if (anomaly) return flag(anomaly, named, change, effects);
    if (!(await effects.createPayment(change.orderId, change))) {
      return { status: 'ignored', reason: 'a PaymentIntent of no order of ours' };
    }
    payment = await effects.lockPayment(change.paymentIntentId);
    if (!payment) throw new Error(`the payment of ${change.paymentIntentId} vanished`);
  }
  const last =
    payment.lastStripeEventAtMs === null
      ? null
      : eventPosition(payment.status, payment.lastStripeEventAtMs, payment.lastStripeEventId ?? '');
  const fresh = isNewerEvent(change.position, last);
  // A stale event changes nothing, except that a stale `succeeded` still makes sure the fulfilment is recorded.
  if (!fresh && change.orderStatus !== 'paid') return { status: 'processed', effect: 'stale' };
  if (fresh) await effects.updatePaymentIntent(change);

  const order = await effects.lockOrder(payment.orderId);
  if (!order) throw new Error(`the order ${payment.orderId} of ${change.paymentIntentId} is missing`);
  // The payment's facts are mirrored whatever they are; the order moves only for a PaymentIntent that may pay it.
  const anomaly = paymentIntentAnomaly(intentTerms(change), order);
  if (anomaly) return flag(anomaly, order, change, effects);
  let orderStatus = order.status;
  // A paid order's status also reflects its refunds and disputes (their events may have been applied first).
  const target =
    change.orderStatus === 'paid'
      ? settledOrderStatus(order.amount, await effects.orderSettlement(order.id))
      : change.orderStatus;
  const seen = { paymentIntentId: change.paymentIntentId, eventId: change.eventId, source: 'webhook' } as const;
  if (fresh && (await moveOrderForPayment(order, target, seen, effects))) {
    orderStatus = target;
    await notifyLateOutcome(order, target, change.paymentIntentId, effects);
  }
  // The fulfilment of a paid (or, with manual capture, authorised) order, recorded once by its dedupe key. Also when
  // the order was already paid by another path (checkout reads the PaymentIntent from Stripe when the customer
  // returns), so it is never missed.
  // Held while Radar has the payment in review: recorded when the review closes approved.
  const fulfilment =
    confirmsOrder(change.orderStatus, orderStatus) &&
    !(await reviewHoldsFulfilment(change.paymentIntentId, change.reviewId, effects))
      ? await recordOrderPaid(order, change.paymentIntentId, effects, { authorized: orderStatus === 'authorized' })
      : false;
  return { status: 'processed', effect: fresh ? 'applied' : 'stale', orderStatus, fulfilment };
}

/**
 * After a refund or dispute changed: recomputes the payment's refunded amount from its refunds and moves a paid
 * order to the status its refunds and disputes give it. An order not paid yet stays: the payment's
 * `payment_intent.succeeded` settles it with its refunds and disputes when it is applied.
 */
async function settleOrder(paymentIntentId: string, orderId: string, effects: WebhookEffects) {
  await effects.setAmountRefunded(paymentIntentId, refundedAmount(await effects.listRefunds(paymentIntentId)));
  const order = await effects.lockOrder(orderId);
  if (!order) throw new Error(`the order ${orderId} of ${paymentIntentId} is missing`);
  if (!SETTLED_ORDER_STATUSES.includes(order.status)) return order.status;
  const target = settledOrderStatus(order.amount, await effects.orderSettlement(order.id));
  if (!canMoveOrderStatus(order.status, target)) return order.status;
  await effects.moveOrder(order.id, target);
  return target;
}

async function applyRefunds(
  orderId: string,
  refunds: readonly RefundChange[],
  effects: WebhookEffects,
): Promise<'applied' | 'stale'> {
  let applied = false;
  for (const refund of refunds) {
    const existing = await effects.findRefund(refund.paymentIntentId, refund.stripeRefundId, refund.ourRefundId);
    const applyStatus = shouldApplyRefundStatus(existing?.status ?? null, refund.status);
    await effects.saveRefund(existing?.id ?? null, refund, applyStatus);
    applied ||= applyStatus;
    // The shopper is told once per refund, when it succeeds (by its Stripe id, whichever path saw it first).
    if (applyStatus && refund.status === 'succeeded') {
      await effects.enqueueOutbox({
        kind: 'refund.succeeded',
        dedupeKey: `refund-succeeded:${refund.stripeRefundId}`,
        orderId,
        payload: { stripeRefundId: refund.stripeRefundId, amount: refund.amount, currency: refund.currency },
      });
    }
  }
  return applied ? 'applied' : 'stale';
}

/**
 * Upserts refunds of one PaymentIntent (each our tagged row, else by its Stripe id, else a new row with source
 * `stripe`; its status only moving forward) and settles the order. Used for refund events and by the drift check
 * for refunds it listed from Stripe, so both paths follow the same rules.
 */
export async function applyRefundChanges(
  paymentIntentId: string,
  refunds: readonly RefundChange[],
  effects: WebhookEffects,
): Promise<WebhookOutcome> {
  const payment = await effects.lockPayment(paymentIntentId);
  if (!payment) return { status: 'ignored', reason: 'a refund of no payment of ours' };
  const effect = await applyRefunds(payment.orderId, refunds, effects);
  const orderStatus = await settleOrder(paymentIntentId, payment.orderId, effects);
  return { status: 'processed', effect, orderStatus };
}

/** Applies a dispute's facts when they pass the dispute's guard, and settles the order (events and drift check). */
export async function applyDisputeChange(change: DisputeChange, effects: WebhookEffects): Promise<WebhookOutcome> {
  const payment = await effects.lockPayment(change.paymentIntentId);
  if (!payment) return { status: 'ignored', reason: 'a dispute of no payment of ours' };
  const last = await effects.findDispute(change.stripeDisputeId);
  const fresh = isNewerDisputeEvent(
    { status: change.status, createdAtMs: change.eventCreatedAtMs },
    last && { status: last.status, createdAtMs: last.lastStripeEventAtMs },
  );
  if (!fresh) return { status: 'processed', effect: 'stale' };
  await effects.saveDispute(change);
  // Staff are told of a new dispute once, with its deadline for evidence.
  if (!last) {
    await effects.enqueueOutbox({
      kind: 'dispute.opened',
      dedupeKey: `dispute-opened:${change.stripeDisputeId}`,
      orderId: payment.orderId,
      payload: {
        stripeDisputeId: change.stripeDisputeId,
        amount: change.amount,
        currency: change.currency,
        reason: change.reason,
        evidenceDueByMs: change.evidenceDueByMs,
      },
    });
  }
  const orderStatus = await settleOrder(change.paymentIntentId, payment.orderId, effects);
  return { status: 'processed', effect: 'applied', orderStatus };
}

/**
 * The guard of a review: a closed review never reopens at Stripe, so closed beats open whatever the clocks say;
 * otherwise the later event wins (an equal time is the same facts again).
 */
function isNewerReviewEvent(incoming: ReviewChange, last: RecordedReview | null) {
  if (!last || last.lastStripeEventAtMs === null) return true;
  if (incoming.open !== last.open) return !incoming.open;
  return incoming.eventCreatedAtMs >= last.lastStripeEventAtMs;
}

/**
 * Applies a review's facts when they pass its guard. A review that closes approved releases the order's fulfilment,
 * held while it was open (see `applyPaymentIntent`): it is recorded then, once, if the order is paid or authorised.
 * One closed otherwise (refunded, disputed) releases nothing. Used for review events and for an approve's answer.
 */
export async function applyReviewChange(change: ReviewChange, effects: WebhookEffects): Promise<WebhookOutcome> {
  const payment = await effects.lockPayment(change.paymentIntentId);
  if (!payment) return { status: 'ignored', reason: 'a review of no payment of ours' };
  const last = await effects.findReview(change.stripeReviewId);
  if (!isNewerReviewEvent(change, last)) return { status: 'processed', effect: 'stale' };
  await effects.saveReview(change);
  const order = await effects.lockOrder(payment.orderId);
  if (!order) throw new Error(`the order ${payment.orderId} of ${change.paymentIntentId} is missing`);
  let fulfilment = false;
  if (!change.open && closedApproved(change) && !(await effects.hasOpenReview(change.paymentIntentId))) {
    const implied = order.status === 'authorized' ? 'authorized' : 'paid';
    if (confirmsOrder(implied, order.status)) {
      fulfilment = await recordOrderPaid(order, change.paymentIntentId, effects, {
        authorized: order.status === 'authorized',
      });
    }
  }
  return { status: 'processed', effect: 'applied', orderStatus: order.status, fulfilment };
}

/** Records an early fraud warning (later events overwrite it), and tells staff of a new one once. */
async function applyEarlyFraudWarning(
  change: EarlyFraudWarningChange,
  effects: WebhookEffects,
): Promise<WebhookOutcome> {
  const payment = await effects.lockPayment(change.paymentIntentId);
  if (!payment) return { status: 'ignored', reason: 'an early fraud warning of no payment of ours' };
  const last = await effects.findEarlyFraudWarning(change.stripeWarningId);
  if (last?.lastStripeEventAtMs != null && change.eventCreatedAtMs < last.lastStripeEventAtMs) {
    return { status: 'processed', effect: 'stale' };
  }
  await effects.saveEarlyFraudWarning(change);
  if (!last) {
    await effects.enqueueOutbox({
      kind: 'radar.early_fraud_warning',
      dedupeKey: `early-fraud-warning:${change.stripeWarningId}`,
      orderId: payment.orderId,
      payload: { stripeWarningId: change.stripeWarningId, fraudType: change.fraudType },
    });
  }
  return { status: 'processed', effect: 'applied' };
}

/**
 * Applies one event through `effects`. A PaymentIntent event passes the monotonic guard (see event-ordering.ts)
 * before it touches the payment; a charge.succeeded writes only the card and outcome, facts that never change for
 * a charge, so applying it again or out of order is harmless and it needs no guard. When the order becomes paid,
 * its fulfilment is recorded in the outbox under `order-paid:<order id>`. Refunds and disputes follow settlement.ts:
 * each refund is upserted (our tagged row, else by its Stripe id) with its status moving only forward, the refunded
 * amount is the sum of the refunds that count, a dispute passes its own guard, and a paid order takes the status
 * its refunds and disputes give it.
 */
export async function applyWebhookEvent(
  event: InboxEvent,
  effects: WebhookEffects,
): Promise<Result<WebhookOutcome, MalformedWebhookEvent>> {
  const decided = decideWebhookChange(event);
  if (!decided.ok) return decided;
  const decision = decided.value;
  switch (decision.kind) {
    case 'ignored':
      return ok({ status: 'ignored', reason: decision.reason });
    case 'charge': {
      if (!(await effects.lockPayment(decision.change.paymentIntentId))) {
        return ok({ status: 'ignored', reason: 'a charge of no payment of ours' });
      }
      await effects.updateCharge(decision.change);
      return ok({ status: 'processed', effect: 'applied' });
    }
    case 'payment_intent':
      return ok(await applyPaymentIntent(decision.change, effects));
    case 'refund':
      return ok(await applyRefundChanges(decision.change.paymentIntentId, [decision.change], effects));
    case 'charge_refunded':
      return ok(await applyRefundChanges(decision.change.paymentIntentId, decision.change.refunds, effects));
    case 'dispute':
      return ok(await applyDisputeChange(decision.change, effects));
    case 'review':
      return ok(await applyReviewChange(decision.change, effects));
    case 'early_fraud_warning':
      return ok(await applyEarlyFraudWarning(decision.change, effects));
  }
}
