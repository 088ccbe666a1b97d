import { storefrontConfigSchema } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config';

/** Currencies the storefront offers (every product of the demo catalog is priced in them). */
const STOREFRONT_CURRENCIES = ['usd', 'eur', 'jpy'] as const;

export const configRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  app.get('/api/config', { schema: { response: { 200: storefrontConfigSchema } } }, async () => ({
    publishableKey: config.stripe.publishableKey,
    stripeJsUrl: config.stripe.stripeJsUrl,
    currencies: [...STOREFRONT_CURRENCIES],
  }));
};
