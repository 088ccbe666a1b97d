import type { PaymentIntentFacts, PaymentTransactions } from '@storepay/db';
import {
  canMoveOrderStatus,
  orderStatusForPaymentIntent,
  recordOrderPaid,
  type OrderStatus,
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
    latestChargeId: intent.latestChargeId,
    lastPaymentError: intent.lastPaymentError,
  };
}

/**
 * Mirrors a PaymentIntent read from Stripe (not an event) onto its payment, and moves the order to the status it
 * implies when that is progress (before payment the status follows the latest attempt; a paid order never goes
 * back). An order that becomes paid records its fulfilment once, as the webhook handler does. One transaction:
 * payment, then order, locked in the same order as every other writer. Returns the order's status afterwards (null
 * when the order does not exist).
 */
export function mirrorPaymentIntent(
  transactions: PaymentTransactions,
  orderId: string,
  intent: PaymentIntentSnapshot,
): Promise<OrderStatus | null> {
  return transactions.run(async (tx) => {
    await tx.writePaymentIntent(paymentIntentFacts(intent));
    const order = await tx.lockOrder(orderId);
    if (!order) return null;
    const next = orderStatusForPaymentIntent(intent.status, intent.lastPaymentError !== null);
    if (!canMoveOrderStatus(order.status, next)) return order.status;
    await tx.moveOrder(order.id, next);
    if (next === 'paid') await recordOrderPaid(order, intent.id, tx);
    return next;
  });
}
