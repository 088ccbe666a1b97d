/** The order status model from the architecture contract. */
export const ORDER_STATUSES = [
  'pending',
  'processing',
  'requires_action',
  'authorized',
  'paid',
  'failed',
  'canceled',
  'partially_refunded',
  'refunded',
  'disputed',
  'expired',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses of an order still waiting for its payment: `ORDER_PAYMENT_TTL` after its last change, it expires. */
export const UNPAID_ORDER_STATUSES: readonly OrderStatus[] = ['pending', 'requires_action', 'failed'];

/** Statuses after which the customer has paid (money moved at least once). */
export const SETTLED_ORDER_STATUSES: readonly OrderStatus[] = ['paid', 'partially_refunded', 'refunded', 'disputed'];
