import { orderSchema, type OrderView } from '@storepay/payments-core';
import { getJson, type RequestOptions } from '../api/api-client';

/** GET /api/orders/:id: the order as the server knows it (the status never comes from the browser). */
export function fetchOrder(orderId: string, options?: RequestOptions): Promise<OrderView> {
  return getJson(`/api/orders/${encodeURIComponent(orderId)}`, orderSchema, options);
}
