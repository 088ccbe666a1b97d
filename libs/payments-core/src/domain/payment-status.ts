import type { OrderStatus } from './order-status';

/** Stripe's PaymentIntent statuses. */
export const PAYMENT_INTENT_STATUSES = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'succeeded',
  'canceled',
] as const;
export type PaymentIntentStatus = (typeof PAYMENT_INTENT_STATUSES)[number];

/**
 * The order status a PaymentIntent implies. A PaymentIntent back at `requires_payment_method` after an attempt
 * (it has a last payment error) is a failed payment the customer may retry on the same order.
 */
export function orderStatusForPaymentIntent(status: PaymentIntentStatus, hasPaymentError: boolean): OrderStatus {
  switch (status) {
    case 'succeeded':
      return 'paid';
    case 'processing':
      return 'processing';
    case 'requires_capture':
      return 'authorized';
    case 'requires_action':
      return 'requires_action';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      return hasPaymentError ? 'failed' : 'pending';
    case 'requires_confirmation':
      return 'pending';
  }
}

const RANK: Record<OrderStatus, number> = {
  pending: 0,
  failed: 1,
  requires_action: 2,
  processing: 3,
  authorized: 4,
  canceled: 4,
  expired: 4,
  paid: 5,
  partially_refunded: 6,
  refunded: 7,
  disputed: 8,
};

/**
 * Whether moving an order from `current` to `next` is progress. Before payment, the status follows the latest
 * attempt in any direction (failed → pending → paid); once paid, it never goes back to an unpaid status. An
 * authorized order (manual capture: the money is held, not taken) is then captured (paid) or released (canceled),
 * never unpaid again. A canceled order stays canceled; an expired one stays expired unless money arrives anyway
 * (then it is paid, and flagged).
 */
export function canMoveOrderStatus(current: OrderStatus, next: OrderStatus): boolean {
  if (current === next) return false;
  const paid = RANK.paid;
  if (RANK[current] >= paid || current === 'expired') return RANK[next] >= paid;
  if (current === 'authorized') return RANK[next] >= paid || next === 'canceled';
  if (current === 'canceled') return false;
  return true;
}
