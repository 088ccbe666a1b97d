import {
  checkoutResponseSchema,
  storefrontConfigSchema,
  type CheckoutRequest,
  type CheckoutResponse,
  type StorefrontConfig,
} from '@storepay/payments-core';
import { getJson, postJson, type RequestOptions } from '../api/api-client';

/** GET /api/config: the publishable key and where Stripe.js comes from. */
export function fetchStorefrontConfig(options?: RequestOptions): Promise<StorefrontConfig> {
  return getJson('/api/config', storefrontConfigSchema, options);
}

/**
 * POST /api/checkout: the server prices the cart, creates the order and its PaymentIntent. Sends ids, quantities,
 * currency and email only. The same `idempotencyKey` always answers with the same order and client secret.
 */
export function createCheckout(request: CheckoutRequest, idempotencyKey: string): Promise<CheckoutResponse> {
  const body: CheckoutRequest = {
    items: request.items.map(({ productId, quantity }) => ({ productId, quantity })),
    currency: request.currency,
    email: request.email,
  };
  return postJson('/api/checkout', body, checkoutResponseSchema, { idempotencyKey });
}
