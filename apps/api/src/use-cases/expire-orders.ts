import type { ExpiryCandidate, OrderRepository, PaymentTransaction, PaymentTransactions } from '@storepay/db';
import { UNPAID_ORDER_STATUSES, type PaymentIntentId } from '@storepay/payments-core';
import { isUnexpectedStateError, type PaymentGateway } from '@storepay/payments-core/server';
import { mirrorPaymentIntent } from './mirror-payment-intent';
import type { Clock, Logger } from './ports';

export interface ExpireOrdersPorts {
  orders: Pick<OrderRepository, 'listUnpaidBefore' | 'listPendingCancellations'>;
  paymentTransactions: PaymentTransactions;
  gateway: Pick<PaymentGateway, 'cancelPaymentIntent' | 'retrievePaymentIntent'>;
  clock: Clock;
  log: Logger;
  /** `ORDER_PAYMENT_TTL`: an order unpaid this long after it was placed expires. */
  ttlMs: number;
  /** Orders expired, and cancellations tried, per sweep (default 100): the next sweep takes the rest. */
  batchSize?: number;
}

export interface ExpirySweep {
  /** Orders that expired in this sweep. */
  expired: number;
  /** PaymentIntents Stripe confirmed canceled. */
  canceled: number;
  /** Expired orders whose PaymentIntent could not be canceled yet (Stripe unreachable, or a payment processing). */
  waiting: number;
  /** Expired orders whose PaymentIntent turned out to have succeeded: paid, and flagged for staff. */
  paidAfterExpiry: number;
}

export const orderExpiredDedupeKey = (orderId: string) => `order-expired:${orderId}`;

/** The shopper is told once that the order expired, when no money can arrive for it any more. */
function notifyExpired(tx: PaymentTransaction, orderId: string) {
  return tx.enqueueOutbox({
    kind: 'order.expired',
    dedupeKey: orderExpiredDedupeKey(orderId),
    orderId,
    payload: { orderId },
  });
}

/** Expires the order under its lock if it is still unpaid; true when it expired now. */
function expireOrder(ports: ExpireOrdersPorts, orderId: string): Promise<boolean> {
  return ports.paymentTransactions.run(async (tx) => {
    const order = await tx.lockOrder(orderId);
    if (!order || !UNPAID_ORDER_STATUSES.includes(order.status)) return false;
    const cancelPending = order.paymentIntentId !== null;
    await tx.expireOrder(order.id, cancelPending);
    // Without a PaymentIntent nothing can pay the order any more: the shopper is told now.
    if (!cancelPending) await notifyExpired(tx, order.id);
    return true;
  });
}

/**
 * Cancels the expired order's PaymentIntent at Stripe and mirrors what Stripe answers. Canceled: nothing is left to
 * do, and the shopper is told. Succeeded (the shopper paid in a tab left open before the cancellation reached
 * Stripe): the mirror pays the order and flags it `paid_after_expiry`. Processing, or Stripe unreachable: the order
 * stays pending cancellation for the next sweep.
 */
async function cancelPaymentIntent(
  ports: ExpireOrdersPorts,
  orderId: string,
  paymentIntentId: PaymentIntentId,
): Promise<'canceled' | 'paid' | 'waiting'> {
  // Cancelling twice is harmless (the second finds it canceled), so the key changes each minute: a failure Stripe
  // saved under one key is not replayed to every later sweep, and concurrent sweeps of one minute share it.
  const minute = Math.floor(ports.clock.now().getTime() / 60_000);
  const idempotencyKey = `order-${orderId}-expiry-cancel-${minute}`;
  let intent = await ports.gateway.cancelPaymentIntent({ paymentIntentId, reason: 'abandoned', idempotencyKey });
  // It could not be canceled any more: read what it became.
  if (!intent.ok && isUnexpectedStateError(intent.error))
    intent = await ports.gateway.retrievePaymentIntent(paymentIntentId);
  if (!intent.ok) {
    ports.log.warn(
      { orderId, paymentIntentId, error: intent.error.internalMessage },
      'could not cancel the PaymentIntent of an expired order; the next sweep tries again',
    );
    return 'waiting';
  }
  const snapshot = intent.value;
  const mirrored = await mirrorPaymentIntent(ports.paymentTransactions, orderId, snapshot, 'expiry');
  if (snapshot.status !== 'canceled' && snapshot.status !== 'succeeded') return 'waiting';
  const paid = snapshot.status === 'succeeded' && mirrored?.orderStatus !== 'expired';
  await ports.paymentTransactions.run(async (tx) => {
    await tx.clearPaymentCancelPending(orderId);
    const order = await tx.lockOrder(orderId);
    if (order?.status === 'expired') await notifyExpired(tx, orderId);
  });
  if (paid) {
    ports.log.warn(
      { orderId, paymentIntentId },
      'an expired order was paid anyway: the order is paid and flagged for staff (fulfil or refund it)',
    );
  }
  return paid ? 'paid' : 'canceled';
}

/**
 * The expiry sweep, run on the workers' schedule: orders unpaid `ttlMs` after they were placed become `expired`,
 * and their PaymentIntent is canceled at Stripe so no money can arrive for them. The order expires first (so a
 * checkout retried with its key cannot revive it), then Stripe is asked; until Stripe confirms, the order stays
 * pending cancellation and every sweep tries again. A payment that succeeds anyway pays the order and is flagged for
 * staff, never lost. Sweeps may run in several workers at once: the order lock and the outbox's dedupe key make one
 * expiry and one email of each order.
 */
export async function expireOrders(ports: ExpireOrdersPorts): Promise<ExpirySweep> {
  const limit = ports.batchSize ?? 100;
  const cutoff = new Date(ports.clock.now().getTime() - ports.ttlMs);
  const sweep: ExpirySweep = { expired: 0, canceled: 0, waiting: 0, paidAfterExpiry: 0 };
  for (const candidate of await ports.orders.listUnpaidBefore(cutoff, limit)) {
    if (await expireOrder(ports, candidate.id)) sweep.expired += 1;
  }
  const pending: ExpiryCandidate[] = await ports.orders.listPendingCancellations(limit);
  for (const { id, paymentIntentId } of pending) {
    if (!paymentIntentId) continue;
    const outcome = await cancelPaymentIntent(ports, id, paymentIntentId);
    if (outcome === 'canceled') sweep.canceled += 1;
    else if (outcome === 'paid') sweep.paidAfterExpiry += 1;
    else sweep.waiting += 1;
  }
  return sweep;
}
