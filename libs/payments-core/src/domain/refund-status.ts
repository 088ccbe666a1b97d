/** Stripe's Refund statuses. */
export const STRIPE_REFUND_STATUSES = ['pending', 'requires_action', 'succeeded', 'failed', 'canceled'] as const;
export type StripeRefundStatus = (typeof STRIPE_REFUND_STATUSES)[number];

/** Our refund statuses: Stripe's, plus those of a request not sent to Stripe yet (waiting for, or refused, approval). */
export const REFUND_STATUSES = ['awaiting_approval', 'rejected', ...STRIPE_REFUND_STATUSES] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** Who made a refund: our admin (tagged with our row's id at Stripe), or someone in Stripe (its Dashboard or API). */
export const REFUND_SOURCES = ['admin', 'stripe'] as const;
export type RefundSource = (typeof REFUND_SOURCES)[number];

/** The reasons Stripe accepts for a refund. */
export const REFUND_REASONS = ['requested_by_customer', 'duplicate', 'fraudulent'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];
