// Builders of Stripe objects and events as Stripe sends them (the fields our handlers read, with Stripe's names),
// for every test, benchmark and e2e helper that delivers or applies webhooks. Browser-safe: no Node built-ins (the
// signature uses Web Crypto, which Node and browsers both have).
import type { PaymentIntentStatus } from '../domain/payment-status';
import type { RefundStatus } from '../domain/refund-status';
import type { StripeEventEnvelope } from '../domain/webhook-events';
import type { StripeDisputeStatus } from '../webhooks/settlement';

/** The API version stripe-node 23 pins: what a real Stripe account's events carry. */
export const TEST_API_VERSION = '2026-10-28.endive';

let sequence = 0;

/** A fresh Stripe-like id (`pi_…`, `evt_…`), unique in this process. */
export function testId(prefix: string): string {
  sequence += 1;
  return `${prefix}_test${Date.now().toString(36)}${sequence.toString(36).padStart(4, '0')}`;
}

/** The payment a test talks about: its PaymentIntent, order and charge, and how much it is for. */
export interface TestPayment {
  paymentIntentId: string;
  orderId: string;
  amount: number;
  currency: string;
  /** The charge of a succeeded PaymentIntent. */
  chargeId?: string;
}

/** A payment with fresh ids. */
export function testPayment(overrides: Partial<TestPayment> = {}): Required<TestPayment> {
  return {
    paymentIntentId: testId('pi'),
    orderId: '6f1c8a52-7d0e-4c43-9f7e-0d3f7c1b2a11',
    amount: 4200,
    currency: 'usd',
    chargeId: testId('ch'),
    ...overrides,
  };
}

type StripeObject = Record<string, unknown>;
/** A built object: any Stripe fields, with the ones tests read typed. */
type Built<Fields> = StripeObject & Fields;

/** A declined card's `last_payment_error`. */
export const INSUFFICIENT_FUNDS = {
  type: 'card_error',
  code: 'card_declined',
  decline_code: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
} as const;

/**
 * A PaymentIntent in `status`: `requires_payment_method` is a failed attempt (with its `last_payment_error` and the
 * declined charge), and a succeeded one has received its amount and names its charge.
 */
export function stripePaymentIntent(
  payment: TestPayment,
  status: PaymentIntentStatus,
  overrides: StripeObject = {},
): Built<{ id: string; status: string; amount: number }> {
  const succeeded = status === 'succeeded';
  return {
    id: payment.paymentIntentId,
    object: 'payment_intent',
    status,
    amount: payment.amount,
    amount_received: succeeded ? payment.amount : 0,
    amount_capturable: 0,
    currency: payment.currency,
    livemode: false,
    metadata: { order_id: payment.orderId },
    last_payment_error: status === 'requires_payment_method' ? INSUFFICIENT_FUNDS : null,
    latest_charge: ['succeeded', 'processing', 'requires_payment_method'].includes(status)
      ? (payment.chargeId ?? null)
      : null,
    ...overrides,
  };
}

/** A succeeded card charge: a Visa ending 4242, approved, normal risk. */
export function stripeCharge(
  payment: TestPayment,
  overrides: StripeObject = {},
): Built<{ id: string; amount: number }> {
  return {
    id: payment.chargeId ?? testId('ch'),
    object: 'charge',
    payment_intent: payment.paymentIntentId,
    amount: payment.amount,
    amount_refunded: 0,
    refunded: false,
    currency: payment.currency,
    paid: true,
    status: 'succeeded',
    payment_method_details: {
      type: 'card',
      card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2031, country: 'US', funding: 'credit' },
    },
    outcome: { network_status: 'approved_by_network', risk_level: 'normal', risk_score: 12, type: 'authorized' },
    ...overrides,
  };
}

/** A refund of `payment`; `metadata.storepay_refund_id` names our row when our admin made it. */
export function stripeRefund(
  payment: TestPayment,
  {
    id = testId('re'),
    amount = payment.amount,
    status = 'succeeded',
    ...overrides
  }: StripeObject & {
    id?: string;
    amount?: number;
    status?: Exclude<RefundStatus, 'awaiting_approval' | 'rejected'>;
  } = {},
): Built<{ id: string; amount: number; status: string }> {
  return {
    id,
    object: 'refund',
    amount,
    currency: payment.currency,
    status,
    reason: null,
    charge: payment.chargeId ?? null,
    payment_intent: payment.paymentIntentId,
    metadata: {},
    ...overrides,
  };
}

/** A dispute of `payment`'s charge, with its evidence deadline a week after `created`. */
export function stripeDispute(
  payment: TestPayment,
  {
    id = `dp_${payment.chargeId ?? testId('ch')}`,
    status = 'needs_response',
    created = 1_790_000_000,
    ...overrides
  }: StripeObject & { id?: string; status?: StripeDisputeStatus; created?: number } = {},
): Built<{ id: string; status: string }> {
  return {
    id,
    object: 'dispute',
    amount: payment.amount,
    currency: payment.currency,
    status,
    reason: 'fraudulent',
    charge: payment.chargeId ?? null,
    payment_intent: payment.paymentIntentId,
    evidence_details: { due_by: created + 7 * 86_400 },
    ...overrides,
  };
}

/** An event envelope around `object`, as Stripe delivers and lists it. */
export function stripeEvent(
  type: string,
  object: StripeObject,
  {
    id = testId('evt'),
    created = Math.floor(Date.now() / 1000),
    livemode = false,
  }: {
    id?: string;
    created?: number;
    livemode?: boolean;
  } = {},
): StripeEventEnvelope & { pending_webhooks: number; request: { id: null; idempotency_key: null } } {
  return {
    id,
    object: 'event',
    type,
    api_version: TEST_API_VERSION,
    created,
    livemode,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

/** The event Stripe sends when a PaymentIntent reaches each status. */
export const PAYMENT_INTENT_EVENT_TYPES: Record<Exclude<PaymentIntentStatus, 'requires_confirmation'>, string> = {
  requires_payment_method: 'payment_intent.payment_failed',
  requires_action: 'payment_intent.requires_action',
  processing: 'payment_intent.processing',
  requires_capture: 'payment_intent.amount_capturable_updated',
  succeeded: 'payment_intent.succeeded',
  canceled: 'payment_intent.canceled',
};

/** `payment_intent.<status>` for `payment`, created at `created` (Unix seconds). */
export function paymentIntentEvent(
  payment: TestPayment,
  status: Exclude<PaymentIntentStatus, 'requires_confirmation'>,
  created: number,
  overrides: StripeObject = {},
) {
  return stripeEvent(PAYMENT_INTENT_EVENT_TYPES[status], stripePaymentIntent(payment, status, overrides), {
    created,
  });
}

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * A signed delivery of `event` (an object, or the exact JSON text): the body and the `Stripe-Signature` header
 * Stripe sends, `t=<timestamp>,v1=<HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret>`.
 */
export async function signedDelivery(
  event: object | string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Promise<{ body: string; headers: { 'content-type': string; 'stripe-signature': string } }> {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const signature = hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`)));
  return {
    body,
    headers: { 'content-type': 'application/json', 'stripe-signature': `t=${timestamp},v1=${signature}` },
  };
}
