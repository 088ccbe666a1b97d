/** The order status model from the architecture contract. */
export const ORDER_STATUSES = [
  'pending',
  'processing',
  'requires_action',
  'paid',
  'failed',
  'canceled',
  'partially_refunded',
  'refunded',
  'disputed',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses after which the customer has paid (money moved at least once). */
export const SETTLED_ORDER_STATUSES: readonly OrderStatus[] = ['paid', 'partially_refunded', 'refunded', 'disputed'];
