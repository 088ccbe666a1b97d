import { storefrontConfigSchema, type StorefrontConfig } from '@storepay/payments-core';
import { getJson, type RequestOptions } from './api-client';

/** GET /api/config: the publishable key, where Stripe.js comes from, and the currencies the shop sells in. */
export function fetchStorefrontConfig(options?: RequestOptions): Promise<StorefrontConfig> {
  return getJson('/api/config', storefrontConfigSchema, options);
}
