import { checkoutResponseSchema, type CheckoutRequest, type CheckoutResponse } from '@storepay/payments-core';
import { postJson } from '../api/api-client';

export { fetchStorefrontConfig } from '../api/config-api';

/**
 * POST /api/checkout: the server prices the cart, creates the order and its PaymentIntent. Sends ids, quantities,
 * currency, email and the shopper's language (for the order's emails) only. The same `idempotencyKey` always answers
 * with the same order and client secret.
 */
export function createCheckout(request: CheckoutRequest, idempotencyKey: string): Promise<CheckoutResponse> {
  const body: CheckoutRequest = {
    items: request.items.map(({ productId, quantity }) => ({ productId, quantity })),
    currency: request.currency,
    email: request.email,
    ...(request.locale ? { locale: request.locale } : {}),
  };
  return postJson('/api/checkout', body, checkoutResponseSchema, { idempotencyKey });
}
