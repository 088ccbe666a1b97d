import type { OrderStatus } from '../domain/order-status';
import type { RefundStatus, StripeRefundStatus } from '../domain/refund-status';

/**
 * Refunds and disputes after payment: how their Stripe states order, how much of a payment counts as refunded, and
 * which settled status (paid, partially_refunded, refunded, disputed) an order has. Pure; the handlers apply it.
 *
 * - A refund's status is taken from the refund object and moves only up its life
 *   (pending < requires_action < succeeded < failed = canceled): a late `refund.created` (pending) after
 *   `refund.updated` (succeeded) changes nothing, while a refund that fails after it succeeded is applied.
 * - The refunded amount of a payment is the sum of its refunds that are pending, requires_action or succeeded
 *   (Stripe's `amount_refunded` counts a refund from its creation and gives it back when it fails or is
 *   canceled). Since each refund converges to its furthest status, the sum converges whatever the arrival order.
 * - A dispute's status is taken from the dispute object, never from the event's name, and is applied only if the
 *   event is not older than the one applied last (see `isNewerDisputeEvent`).
 */

/** The metadata key our admin sets on the refunds it creates: the id of our Refund row. */
export const STOREPAY_REFUND_METADATA_KEY = 'storepay_refund_id';

/** Stripe's Dispute statuses. */
export const STRIPE_DISPUTE_STATUSES = [
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'won',
  'lost',
  'prevented',
] as const;
export type StripeDisputeStatus = (typeof STRIPE_DISPUTE_STATUSES)[number];

const REFUND_RANK: Record<RefundStatus, number> = {
  awaiting_approval: -1,
  rejected: -1,
  pending: 0,
  requires_action: 1,
  succeeded: 2,
  failed: 3,
  canceled: 3,
};

/** The refund statuses whose amount is off the charge. */
export const COUNTED_REFUND_STATUSES: readonly RefundStatus[] = ['pending', 'requires_action', 'succeeded'];

/** Whether a refund at `current` (null: not recorded) takes `incoming` from a Stripe refund object. */
export function shouldApplyRefundStatus(current: RefundStatus | null, incoming: StripeRefundStatus): boolean {
  return current === null || REFUND_RANK[incoming] >= REFUND_RANK[current];
}

/** The refunded amount of a payment: the sum of its refunds that count. */
export function refundedAmount(refunds: readonly { amount: number; status: RefundStatus }[]): number {
  return refunds.reduce(
    (sum, refund) => sum + (COUNTED_REFUND_STATUSES.includes(refund.status) ? refund.amount : 0),
    0,
  );
}

const DISPUTE_RANK: Record<StripeDisputeStatus, number> = {
  warning_needs_response: 0,
  warning_under_review: 1,
  needs_response: 2,
  under_review: 3,
  warning_closed: 4,
  won: 4,
  lost: 4,
  prevented: 4,
};

/** Closed disputes: their status never changes again at Stripe. */
export function isClosedDisputeStatus(status: StripeDisputeStatus): boolean {
  return DISPUTE_RANK[status] === 4;
}

/**
 * Whether a dispute closed in the merchant's favour (won, an inquiry closed, or prevented): the order goes back to
 * the status its refunds give it. Every other status, `lost` included, keeps the order disputed.
 */
export function isReleasedDisputeStatus(status: StripeDisputeStatus): boolean {
  return status === 'won' || status === 'warning_closed' || status === 'prevented';
}

/**
 * The monotonic guard of a dispute: `(closed, created, rank of status)` compared left to right, applied when not
 * lower than the last applied (an equal position is the same facts again). A closed status beats an open one
 * whatever the clocks say; otherwise the later event wins; in the same second, the status further along wins.
 */
export function isNewerDisputeEvent(
  incoming: { status: StripeDisputeStatus; createdAtMs: number },
  last: { status: StripeDisputeStatus; createdAtMs: number | null } | null,
): boolean {
  if (!last || last.createdAtMs === null) return true;
  const closedIn = isClosedDisputeStatus(incoming.status);
  const closedLast = isClosedDisputeStatus(last.status);
  if (closedIn !== closedLast) return closedIn;
  if (incoming.createdAtMs !== last.createdAtMs) return incoming.createdAtMs > last.createdAtMs;
  return DISPUTE_RANK[incoming.status] >= DISPUTE_RANK[last.status];
}

/** The refunds and disputes of an order, as its settled status needs them. */
export interface OrderSettlement {
  amountRefunded: number;
  /**
   * What the order's payments took (their `amount_received`); null or 0 when not known yet. A capture of part of an
   * authorization takes less than the order's total: refunding all of that is a full refund.
   */
  amountCaptured?: number | null;
  disputeStatuses: readonly StripeDisputeStatus[];
}

/** The status of a paid order from its refunds and disputes: disputed while a dispute is open or lost. */
export function settledOrderStatus(orderAmount: number, settlement: OrderSettlement): OrderStatus {
  if (settlement.disputeStatuses.some((status) => !isReleasedDisputeStatus(status))) return 'disputed';
  if (settlement.amountRefunded <= 0) return 'paid';
  const captured = settlement.amountCaptured ? Math.min(orderAmount, settlement.amountCaptured) : orderAmount;
  return settlement.amountRefunded >= captured ? 'refunded' : 'partially_refunded';
}
