/**
 * Only the right PaymentIntent pays an order: the one checkout created and recorded for it, for the order's amount,
 * currency and mode. Anything else (a PaymentIntent made in the Dashboard or by another integration that names the
 * order in its metadata, one whose amount was changed, a test-mode payment reaching a live shop) is an anomaly:
 * recorded and shown to staff, never applied to the order.
 */
export const PAYMENT_ANOMALY_KINDS = [
  'foreign_payment_intent',
  'livemode_mismatch',
  'currency_mismatch',
  'amount_mismatch',
  'paid_after_expiry',
] as const;
export type PaymentAnomalyKind = (typeof PAYMENT_ANOMALY_KINDS)[number];

/**
 * The one anomaly that is applied: the order's own PaymentIntent succeeded after the order expired (money was taken).
 * The order is paid, never lost, and flagged so staff fulfil or refund it.
 */
export const PAID_AFTER_EXPIRY: PaymentAnomalyKind = 'paid_after_expiry';

/**
 * Where an anomaly was seen: a webhook event (or one the reconciler backfilled), the order refresh, the drift check,
 * the expiry sweep, a capture or release of an authorisation (Stripe's answer to it).
 */
export const PAYMENT_ANOMALY_SOURCES = ['webhook', 'refresh', 'drift', 'expiry', 'authorization'] as const;
export type PaymentAnomalySource = (typeof PAYMENT_ANOMALY_SOURCES)[number];

/** What an order accepts as its payment. */
export interface OrderPaymentTerms {
  /** The PaymentIntent checkout recorded; null while checkout has not recorded one yet. */
  paymentIntentId: string | null;
  amount: number;
  currency: string;
  livemode: boolean;
}

/** The facts of a PaymentIntent that decide whether it may pay an order. */
export interface PaymentIntentTerms {
  id: string;
  amount: number;
  currency: string;
  livemode: boolean;
}

export interface PaymentAnomaly {
  kind: PaymentAnomalyKind;
  expected: string | number | boolean;
  actual: string | number | boolean;
}

/** The first rule the PaymentIntent breaks for this order, or null when it may pay it. */
export function paymentIntentAnomaly(intent: PaymentIntentTerms, order: OrderPaymentTerms): PaymentAnomaly | null {
  if (order.paymentIntentId !== null && order.paymentIntentId !== intent.id) {
    return { kind: 'foreign_payment_intent', expected: order.paymentIntentId, actual: intent.id };
  }
  if (intent.livemode !== order.livemode) {
    return { kind: 'livemode_mismatch', expected: order.livemode, actual: intent.livemode };
  }
  if (intent.currency.toLowerCase() !== order.currency.toLowerCase()) {
    return { kind: 'currency_mismatch', expected: order.currency.toLowerCase(), actual: intent.currency.toLowerCase() };
  }
  if (intent.amount !== order.amount) return { kind: 'amount_mismatch', expected: order.amount, actual: intent.amount };
  return null;
}
