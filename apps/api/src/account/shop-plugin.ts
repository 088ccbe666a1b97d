import cookie from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config';
import { checkoutRoutes } from '../routes/checkout';
import { accountRoutes } from './account-routes';
import { identifyShopper, shopperCookie } from './shopper-access';

/**
 * The shop's routes that know who the shopper is: checkout (a signed-in shopper's order is theirs) and the account.
 * Encapsulated: the cookie parser and the shopper check run on these routes only (never on the webhook ingest).
 */
const shopRoutesPlugin: FastifyPluginAsync<{ config: Config }> = async (app, { config }) => {
  await app.register(cookie);
  const session = shopperCookie(config.shop.secureCookie);
  app.decorateRequest('shopperSession', null);
  app.addHook('onRequest', identifyShopper(app.useCases.findShopperSession, session.name));
  await app.register(checkoutRoutes);
  await app.register(accountRoutes, { cookie: session });
};

export const shopPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    await app.register(shopRoutesPlugin, { config });
  },
  { name: 'shop', dependencies: ['services'] },
);
