import type { PaymentIntentStatus } from '../domain/payment-status';

/**
 * The order of events on one PaymentIntent: a monotonic guard.
 *
 * Stripe delivers events at least once, late and out of order, and `created` has a resolution of one second, so
 * several events of one PaymentIntent often share it. Each event that changes a PaymentIntent gets a position:
 *
 *   (terminal, created, rank of data.object.status, event id)
 *
 * compared left to right, and it is applied to the payment only if its position is strictly greater than the
 * position of the event the payment applied last (kept on the payment as `last_stripe_event_at`,
 * `last_stripe_event_id` and its `status`). So:
 * - `terminal`: a PaymentIntent that succeeded or was canceled never changes status again at Stripe, so a
 *   terminal state beats every non-terminal one whatever the clocks say (a late `payment_failed` after `succeeded`
 *   never regresses);
 * - `created`: otherwise the event Stripe created later wins;
 * - `rank`: in the same second, the status further along the PaymentIntent's life wins
 *   (requires_payment_method < requires_confirmation < requires_action < processing < requires_capture < succeeded
 *   = canceled);
 * - `event id`: a last, arbitrary but deterministic tie-breaker; the same event twice is equal, so a repeat is a
 *   no-op.
 * Because this is a total order and the payment keeps the greatest position it has seen, any arrival order of the
 * same events ends in the same payment row as the ordered sequence. The order's status then moves only forward
 * (`canMoveOrderStatus`).
 */
export interface EventPosition {
  /** Whether the PaymentIntent status is terminal (succeeded, canceled). */
  terminal: boolean;
  /** Stripe's `created`, in milliseconds since the epoch (whole seconds in practice). */
  createdAtMs: number;
  rank: number;
  eventId: string;
}

const STATUS_RANK: Record<PaymentIntentStatus, number> = {
  requires_payment_method: 0,
  requires_confirmation: 1,
  requires_action: 2,
  processing: 3,
  requires_capture: 4,
  succeeded: 5,
  canceled: 5,
};

export function isTerminalPaymentIntentStatus(status: PaymentIntentStatus): boolean {
  return status === 'succeeded' || status === 'canceled';
}

export function eventPosition(status: PaymentIntentStatus, createdAtMs: number, eventId: string): EventPosition {
  return { terminal: isTerminalPaymentIntentStatus(status), createdAtMs, rank: STATUS_RANK[status], eventId };
}

/** Negative when `a` comes before `b`, zero when they are the same event, positive when `a` comes after. */
export function compareEventPositions(a: EventPosition, b: EventPosition): number {
  if (a.terminal !== b.terminal) return a.terminal ? 1 : -1;
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs < b.createdAtMs ? -1 : 1;
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.eventId === b.eventId) return 0;
  return a.eventId < b.eventId ? -1 : 1;
}

/** Whether an event at `incoming` may be applied to a payment whose last applied event is at `last` (null: none). */
export function isNewerEvent(incoming: EventPosition, last: EventPosition | null): boolean {
  return last === null || compareEventPositions(incoming, last) > 0;
}
