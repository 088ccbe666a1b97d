import type { PaymentIntentFacts, PaymentTransaction, PaymentTransactions } from '@storepay/db';
import {
  confirmsOrder,
  moveOrderForPayment,
  notifyLateOutcome,
  orderStatusForPaymentIntent,
  paymentIntentAnomaly,
  recordOrderPaid,
  reviewHoldsFulfilment,
  type OrderStatus,
  type PaymentAnomalyKind,
  type PaymentAnomalySource,
} from '@storepay/payments-core';
import type { PaymentIntentSnapshot } from '@storepay/payments-core/server';

/** The parts of a PaymentIntent snapshot the payment row mirrors. */
export function paymentIntentFacts(intent: PaymentIntentSnapshot): PaymentIntentFacts {
  return {
    id: intent.id,
    status: intent.status,
    amount: intent.amount.amount,
    currency: intent.amount.currency,
    amountReceived: intent.amountReceived,
    amountCapturable: intent.amountCapturable,
    latestChargeId: intent.latestChargeId,
    lastPaymentError: intent.lastPaymentError,
  };
}

export interface Mirrored {
  orderStatus: OrderStatus;
  /** The PaymentIntent may not pay the order (see payment-anomaly.ts): recorded, and the order left as it was. */
  anomaly: PaymentAnomalyKind | null;
}

/**
 * Mirrors a PaymentIntent read from Stripe (not an event) onto its payment, and moves the order to the status it
 * implies when that is progress (before payment the status follows the latest attempt; a paid order never goes
 * back; an expired order is paid and flagged when money arrived anyway) and the PaymentIntent may pay the order: the order's own, for its amount, currency and mode; otherwise the
 * anomaly is recorded (`source`: the order refresh or the drift check) and the order stays. An order that becomes
 * paid records its fulfilment once, as the webhook handler does. One transaction: payment, then order, locked in the
 * same order as every other writer. Null when the order does not exist.
 */
export function mirrorPaymentIntent(
  transactions: PaymentTransactions,
  orderId: string,
  intent: PaymentIntentSnapshot,
  source: Exclude<PaymentAnomalySource, 'webhook'>,
): Promise<Mirrored | null> {
  return transactions.run((tx) => mirrorPaymentIntentIn(tx, orderId, intent, source));
}

/** `mirrorPaymentIntent` inside a transaction the caller holds (with the payment's lock taken first, or not yet). */
export async function mirrorPaymentIntentIn(
  tx: PaymentTransaction,
  orderId: string,
  intent: PaymentIntentSnapshot,
  source: Exclude<PaymentAnomalySource, 'webhook'>,
): Promise<Mirrored | null> {
  await tx.writePaymentIntent(paymentIntentFacts(intent));
  const order = await tx.lockOrder(orderId);
  if (!order) return null;
  const terms = {
    id: intent.id,
    amount: intent.amount.amount,
    currency: intent.amount.currency,
    livemode: intent.livemode,
  };
  const anomaly = paymentIntentAnomaly(terms, order);
  if (anomaly) {
    await tx.recordAnomaly({ ...anomaly, orderId, paymentIntentId: intent.id, eventId: null, source });
    return { orderStatus: order.status, anomaly: anomaly.kind };
  }
  const next = orderStatusForPaymentIntent(intent.status, intent.lastPaymentError !== null);
  const seen = { paymentIntentId: intent.id, eventId: null, source };
  if (!(await moveOrderForPayment(order, next, seen, tx))) return { orderStatus: order.status, anomaly: null };
  await notifyLateOutcome(order, next, intent.id, tx);
  // Held while Radar has the payment in review (recorded when the review is approved).
  if (confirmsOrder(next, next) && !(await reviewHoldsFulfilment(intent.id, intent.reviewId, tx))) {
    await recordOrderPaid(order, intent.id, tx, { authorized: next === 'authorized' });
  }
  return { orderStatus: next, anomaly: null };
}
