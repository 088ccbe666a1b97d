/**
 * Stripe webhook events as the inbox sees them: which types we handle, why a delivery can be rejected, and the facts
 * the inbox keeps about each event. Browser-safe (the admin's webhook health view shows these).
 */

/** Where an inbox event is in its processing. */
export const WEBHOOK_EVENT_STATUSES = ['received', 'processing', 'processed', 'ignored', 'failed', 'dead'] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/** The statuses of events not finished yet: the backlog, and what holds back a PaymentIntent's later events. */
export const BACKLOG_WEBHOOK_EVENT_STATUSES = [
  'received',
  'processing',
  'failed',
] as const satisfies readonly WebhookEventStatus[];

/**
 * How an event reached the inbox: delivered by Stripe, put there by the reconciler from Stripe's event list, or
 * (reserved in the schema) by a replay.
 */
export const WEBHOOK_EVENT_SOURCES = ['webhook', 'reconciler', 'replay'] as const;
export type WebhookEventSource = (typeof WEBHOOK_EVENT_SOURCES)[number];

/** The event types the webhook pipeline applies; any other type is stored and marked ignored. */
export const HANDLED_WEBHOOK_EVENT_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.processing',
  'payment_intent.requires_action',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.amount_capturable_updated',
  'charge.succeeded',
  'charge.captured',
  'charge.refunded',
  'charge.refund.updated',
  'refund.created',
  'refund.updated',
  'refund.failed',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'review.opened',
  'review.closed',
  'radar.early_fraud_warning.created',
  'radar.early_fraud_warning.updated',
] as const;
export type HandledWebhookEventType = (typeof HANDLED_WEBHOOK_EVENT_TYPES)[number];

const HANDLED = new Set<string>(HANDLED_WEBHOOK_EVENT_TYPES);

export function isHandledWebhookEventType(type: string): type is HandledWebhookEventType {
  return HANDLED.has(type);
}

/** Why a delivery to `POST /webhooks/stripe` was refused (stored per rejection; never the body or a secret). */
export const WEBHOOK_REJECTION_REASONS = [
  'missing_signature',
  'invalid_signature',
  'stale_timestamp',
  'invalid_json',
  'not_an_event',
  'payload_too_large',
] as const;
export type WebhookRejectionReason = (typeof WEBHOOK_REJECTION_REASONS)[number];

/** The parts of a Stripe event envelope the inbox relies on. */
export interface StripeEventEnvelope {
  id: string;
  object: 'event';
  type: string;
  api_version: string | null;
  created: number;
  livemode: boolean;
  data: { object: Record<string, unknown> };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a parsed JSON value is a Stripe event (an `evt_` id, a type, a creation time and a data object). */
export function isStripeEventEnvelope(value: unknown): value is StripeEventEnvelope {
  if (!isRecord(value)) return false;
  return (
    value.object === 'event' &&
    typeof value.id === 'string' &&
    /^evt_\w+$/.test(value.id) &&
    value.id.length <= 255 &&
    typeof value.type === 'string' &&
    value.type.length > 0 &&
    value.type.length <= 255 &&
    (value.api_version === null || value.api_version === undefined || typeof value.api_version === 'string') &&
    typeof value.created === 'number' &&
    Number.isInteger(value.created) &&
    value.created >= 0 &&
    typeof value.livemode === 'boolean' &&
    isRecord(value.data) &&
    isRecord(value.data.object)
  );
}

/** What the inbox stores about an event besides its payload. */
export interface WebhookEventFacts {
  stripeEventId: string;
  type: string;
  apiVersion: string | null;
  livemode: boolean;
  /** `data.object.id`. */
  objectId: string | null;
  /** The PaymentIntent the event concerns: events of one PaymentIntent are processed in order. */
  paymentIntentId: string | null;
  stripeCreatedAt: Date;
  /** Whether the pipeline applies this type; other types are stored as ignored. */
  handled: boolean;
}

const idOf = (value: unknown): string | null =>
  typeof value === 'string' ? value : isRecord(value) && typeof value.id === 'string' ? value.id : null;

/**
 * The PaymentIntent an event's object concerns: the object itself for `payment_intent.*`, its `payment_intent`
 * (an id, or an expanded object) for charges, refunds and disputes.
 */
export function paymentIntentIdOf(object: Record<string, unknown>): string | null {
  if (object.object === 'payment_intent') return idOf(object.id);
  return idOf(object.payment_intent);
}

export function webhookEventFacts(event: StripeEventEnvelope): WebhookEventFacts {
  return {
    stripeEventId: event.id,
    type: event.type,
    apiVersion: event.api_version ?? null,
    livemode: event.livemode,
    objectId: idOf(event.data.object.id),
    paymentIntentId: paymentIntentIdOf(event.data.object),
    stripeCreatedAt: new Date(event.created * 1000),
    handled: isHandledWebhookEventType(event.type),
  };
}
