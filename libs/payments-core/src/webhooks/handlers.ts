import { SETTLED_ORDER_STATUSES, type OrderStatus } from '../domain/order-status';
import {
  canMoveOrderStatus,
  orderStatusForPaymentIntent,
  PAYMENT_INTENT_STATUSES,
  type PaymentIntentStatus,
} from '../domain/payment-status';
import { err, ok, type Result } from '../domain/result';
import { eventPosition, isNewerEvent, type EventPosition } from './event-ordering';
import type { InboxEvent } from './stripe-event-shapes';

/** The event types these handlers apply; every other type is stored and marked ignored. */
export const PAYMENT_WEBHOOK_EVENT_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.processing',
  'payment_intent.requires_action',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.amount_capturable_updated',
  'charge.succeeded',
] as const;
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
  amountReceived: number;
  amountCapturable: number;
  latestChargeId: string | null;
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
  outcome: { riskLevel: string | null; type: string | null; networkStatus: string | null } | null;
}

export type WebhookChange =
  | { kind: 'payment_intent'; change: PaymentIntentChange }
  | { kind: 'charge'; change: ChargeChange }
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
      amountReceived: int(object.amount_received) ?? 0,
      amountCapturable: int(object.amount_capturable) ?? 0,
      latestChargeId: idOf(object.latest_charge),
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
        ? { riskLevel: str(outcome.risk_level), type: str(outcome.type), networkStatus: str(outcome.network_status) }
        : null,
    },
  });
}

/** Decides what an event changes, from its payload alone (pure). */
export function decideWebhookChange(event: InboxEvent): Result<WebhookChange, MalformedWebhookEvent> {
  if (!isHandledType(event.type)) return ok({ kind: 'ignored', reason: `unhandled event type ${event.type}` });
  if (!Number.isFinite(event.created)) return malformed('the event lacks its creation time');
  const object = event.data?.object;
  if (!isRecord(object)) return malformed('the event lacks data.object');
  return event.type === 'charge.succeeded' ? chargeChange(object) : paymentIntentChange(event, object);
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
  /** Records a side effect once per dedupe key; false when it was already recorded. */
  enqueueOutbox(entry: OutboxEntry): Promise<boolean>;
}

export type WebhookOutcome =
  | { status: 'processed'; effect: 'applied' | 'stale'; orderStatus?: OrderStatus; fulfilment?: boolean }
  | { status: 'ignored'; reason: string };

export const orderPaidDedupeKey = (orderId: string) => `order-paid:${orderId}`;

async function applyPaymentIntent(change: PaymentIntentChange, effects: WebhookEffects): Promise<WebhookOutcome> {
  let payment = await effects.lockPayment(change.paymentIntentId);
  if (!payment) {
    if (!change.orderId || !(await effects.createPayment(change.orderId, change))) {
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
  let orderStatus = order.status;
  if (fresh && canMoveOrderStatus(order.status, change.orderStatus)) {
    await effects.moveOrder(order.id, change.orderStatus);
    orderStatus = change.orderStatus;
  }
  // The fulfilment of a paid order, recorded once by its dedupe key. Also when the order was already paid by
  // another path (checkout reads the PaymentIntent from Stripe when the customer returns), so it is never missed.
  let fulfilment = false;
  if (change.orderStatus === 'paid' && SETTLED_ORDER_STATUSES.includes(orderStatus)) {
    fulfilment = await effects.enqueueOutbox({
      kind: 'order.paid',
      dedupeKey: orderPaidDedupeKey(order.id),
      orderId: order.id,
      payload: {
        orderId: order.id,
        email: order.email,
        amount: order.amount,
        currency: order.currency,
        paymentIntentId: change.paymentIntentId,
      },
    });
  }
  return { status: 'processed', effect: fresh ? 'applied' : 'stale', orderStatus, fulfilment };
}

/**
 * Applies one event through `effects`. A PaymentIntent event passes the monotonic guard (see event-ordering.ts)
 * before it touches the payment; a charge.succeeded writes only the card and outcome, facts that never change for
 * a charge, so applying it again or out of order is harmless and it needs no guard. When the order becomes paid,
 * its fulfilment is recorded in the outbox under `order-paid:<order id>`.
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
  }
}
