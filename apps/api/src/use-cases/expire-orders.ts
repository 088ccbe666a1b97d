import type { CancellationClaim, OrderRepository, PaymentTransaction, PaymentTransactions } from '@storepay/db';
import { UNPAID_ORDER_STATUSES, type PaymentIntentId, type PaymentIntentStatus } from '@storepay/payments-core';
import {
  isUnexpectedStateError,
  type PaymentGateway,
  type PaymentIntentSnapshot,
} from '@storepay/payments-core/server';
import { mirrorPaymentIntent } from './mirror-payment-intent';
import type { Clock, Logger } from './ports';

export interface ExpireOrdersPorts {
  orders: Pick<OrderRepository, 'listUnpaidBefore' | 'claimCancellations'>;
  paymentTransactions: PaymentTransactions;
  gateway: Pick<PaymentGateway, 'cancelPaymentIntent' | 'retrievePaymentIntent'>;
  clock: Clock;
  log: Logger;
  /** `ORDER_PAYMENT_TTL`: an order unpaid this long after its last change expires. */
  ttlMs: number;
  /** Orders looked at, and cancellations tried, per sweep (default 100): the next sweep takes the rest. */
  batchSize?: number;
}

export interface ExpirySweep {
  /** Orders that expired in this sweep. */
  expired: number;
  /** PaymentIntents Stripe confirmed canceled. */
  canceled: number;
  /** Cancellations to try again later (Stripe unreachable, or a payment processing), and orders Stripe could not be
   * asked about before expiring them. */
  waiting: number;
  /** Expired orders whose PaymentIntent turned out to have succeeded: paid, and flagged for staff. */
  paidAfterExpiry: number;
}

export const orderExpiredDedupeKey = (orderId: string) => `order-expired:${orderId}`;

/** The PaymentIntent statuses in which nothing has been paid or authorised, and the shopper may still pay. */
const EXPIRABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
];

/** How long a sweep holds its claim on a cancellation (far longer than a cancel and a retrieve take). */
export const CANCEL_CLAIM_MS = 2 * 60_000;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 6 * 3600_000;

/** The wait before the next try to cancel, after `attempts` tries that left it pending: a minute, doubling, 6 h at most. */
export function cancelRetryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts), MAX_RETRY_MS);
}

/** The shopper is told once that the order expired, when no money can arrive for it any more. */
function notifyExpired(tx: PaymentTransaction, orderId: string) {
  return tx.enqueueOutbox({
    kind: 'order.expired',
    dedupeKey: orderExpiredDedupeKey(orderId),
    orderId,
    payload: { orderId },
  });
}

/**
 * Expires the order under its lock if it is still unpaid and still has the PaymentIntent Stripe was asked about
 * (`paymentIntentId`, null for none); true when it expired now. An order with a PaymentIntent waits for its
 * cancellation (due at once); one without is told at once, since nothing can pay it any more.
 */
function expireOrder(ports: ExpireOrdersPorts, orderId: string, paymentIntentId: string | null): Promise<boolean> {
  return ports.paymentTransactions.run(async (tx) => {
    const order = await tx.lockOrder(orderId);
    if (!order || !UNPAID_ORDER_STATUSES.includes(order.status) || order.paymentIntentId !== paymentIntentId) {
      return false;
    }
    const now = ports.clock.now();
    await tx.expireOrder(order.id, now, paymentIntentId ? now : null);
    if (!paymentIntentId) await notifyExpired(tx, order.id);
    return true;
  });
}

/**
 * Looks at one order unpaid for the TTL. With a PaymentIntent, Stripe is asked first (a webhook may be late): what it
 * says is mirrored, and the order expires only while nothing is paid, processing or authorised. Stripe unreachable:
 * the order stays as it is until a later sweep can ask.
 */
async function expireCandidate(
  ports: ExpireOrdersPorts,
  orderId: string,
  paymentIntentId: PaymentIntentId | null,
): Promise<'expired' | 'kept' | 'waiting'> {
  if (!paymentIntentId) return (await expireOrder(ports, orderId, null)) ? 'expired' : 'kept';
  const intent = await ports.gateway.retrievePaymentIntent(paymentIntentId);
  if (!intent.ok) {
    ports.log.warn(
      { orderId, paymentIntentId, error: intent.error.internalMessage },
      'could not read the PaymentIntent of an unpaid order from Stripe; it expires at a later sweep',
    );
    return 'waiting';
  }
  // Paid, processing, authorised or canceled at Stripe: the mirror moves the order there, and it does not expire.
  await mirrorPaymentIntent(ports.paymentTransactions, orderId, intent.value, 'expiry');
  if (!EXPIRABLE.includes(intent.value.status)) return 'kept';
  return (await expireOrder(ports, orderId, paymentIntentId)) ? 'expired' : 'kept';
}

/**
 * Cancels the expired order's PaymentIntent at Stripe and mirrors what Stripe answers. Canceled: nothing is left to
 * do, and the shopper is told. Succeeded (the shopper paid in a tab left open before the cancellation reached
 * Stripe): the mirror pays the order and flags it `paid_after_expiry`. Processing, or Stripe unreachable: tried again
 * later, each wait twice the last.
 */
async function cancelPaymentIntent(
  ports: ExpireOrdersPorts,
  { id: orderId, paymentIntentId, attempts }: CancellationClaim,
): Promise<'canceled' | 'paid' | 'waiting'> {
  const retryLater = async () => {
    const next = new Date(ports.clock.now().getTime() + cancelRetryDelayMs(attempts));
    await ports.paymentTransactions.run((tx) => tx.scheduleCancellation(orderId, next));
    return 'waiting' as const;
  };
  if (!paymentIntentId) {
    await ports.paymentTransactions.run((tx) => tx.scheduleCancellation(orderId, null));
    return 'canceled';
  }
  // Canceling twice is harmless (the second finds it canceled), so each try has a key of its own: a failure Stripe
  // saved under one key is not replayed to every later try.
  const idempotencyKey = `order-${orderId}-expiry-cancel-${attempts + 1}`;
  let intent = await ports.gateway.cancelPaymentIntent({ paymentIntentId, reason: 'abandoned', idempotencyKey });
  // It could not be canceled any more: read what it became.
  if (!intent.ok && isUnexpectedStateError(intent.error))
    intent = await ports.gateway.retrievePaymentIntent(paymentIntentId);
  if (!intent.ok) {
    ports.log.warn(
      { orderId, paymentIntentId, attempts: attempts + 1, error: intent.error.internalMessage },
      'could not cancel the PaymentIntent of an expired order; tried again later',
    );
    return retryLater();
  }
  const snapshot: PaymentIntentSnapshot = intent.value;
  await mirrorPaymentIntent(ports.paymentTransactions, orderId, snapshot, 'expiry');
  if (snapshot.status !== 'canceled' && snapshot.status !== 'succeeded') return retryLater();
  await ports.paymentTransactions.run(async (tx) => {
    await tx.scheduleCancellation(orderId, null);
    // Money was taken: never tell the shopper the order expired with nothing charged.
    if (snapshot.status === 'canceled' && (await tx.lockOrder(orderId))?.status === 'expired') {
      await notifyExpired(tx, orderId);
    }
  });
  if (snapshot.status === 'succeeded') {
    ports.log.warn(
      { orderId, paymentIntentId },
      'an expired order was paid anyway: the order is paid and flagged for staff (fulfil or refund it)',
    );
    return 'paid';
  }
  return 'canceled';
}

/**
 * The expiry sweep, run on the workers' schedule: an order unpaid `ttlMs` after its last change becomes `expired`
 * once Stripe confirms nothing was paid, and its PaymentIntent is canceled at Stripe so no money can arrive for it.
 * The order expires first (a checkout retried with its key cannot revive it), then the cancellation is claimed and
 * tried, again and again with a doubling wait, until Stripe confirms. A payment that succeeds anyway pays the order
 * and is flagged for staff, never lost. Several workers may sweep at once: the order lock, the claims and the
 * outbox's dedupe key make one expiry, one cancellation at a time and one email of each order. One order's failure
 * does not stop the sweep.
 */
export async function expireOrders(ports: ExpireOrdersPorts): Promise<ExpirySweep> {
  const limit = ports.batchSize ?? 100;
  const now = ports.clock.now();
  const sweep: ExpirySweep = { expired: 0, canceled: 0, waiting: 0, paidAfterExpiry: 0 };
  const guarded = async <T>(orderId: string, work: () => Promise<T>): Promise<T | 'failed'> => {
    try {
      return await work();
    } catch (error) {
      ports.log.error({ err: error, orderId }, 'the expiry sweep failed on an order; it is tried again later');
      return 'failed';
    }
  };

  const cutoff = new Date(now.getTime() - ports.ttlMs);
  for (const { id, paymentIntentId } of await ports.orders.listUnpaidBefore(cutoff, limit)) {
    const outcome = await guarded(id, () => expireCandidate(ports, id, paymentIntentId));
    if (outcome === 'expired') sweep.expired += 1;
    else if (outcome === 'waiting' || outcome === 'failed') sweep.waiting += 1;
  }

  const claims = await ports.orders.claimCancellations(
    ports.clock.now(),
    new Date(ports.clock.now().getTime() + CANCEL_CLAIM_MS),
    limit,
  );
  for (const claim of claims) {
    const outcome = await guarded(claim.id, () => cancelPaymentIntent(ports, claim));
    if (outcome === 'canceled') sweep.canceled += 1;
    else if (outcome === 'paid') sweep.paidAfterExpiry += 1;
    else sweep.waiting += 1;
  }
  return sweep;
}
