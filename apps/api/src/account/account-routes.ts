import {
  accountDeletionRequestSchema,
  accountOrdersSchema,
  erasureResultSchema,
  personalDataExportSchema,
  apiErrorSchema,
  cardSetupSchema,
  claimedOrdersSchema,
  savedCardsSchema,
  redeemSignInLinkSchema,
  shopperSessionSchema,
  signInLinkRequestSchema,
  signInLinkResponseSchema,
  type ShopperSession,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, orThrow } from '../http/errors';
import { shopperOf, type ShopperCookie } from './shopper-access';

const sessionView = (session: {
  customer: { id: string; email: string };
  csrfToken: string;
  expiresAt: Date;
}): ShopperSession => ({
  customer: { id: session.customer.id, email: session.customer.email },
  csrfToken: session.csrfToken,
  expiresAt: session.expiresAt.toISOString(),
});

/** Signing in by an emailed link, the session, signing out. */
export const accountRoutes: FastifyPluginAsyncZod<{ cookie: ShopperCookie }> = async (app, { cookie }) => {
  app.post(
    '/api/account/sign-in-link',
    {
      config: { shopper: 'anyone' },
      schema: {
        body: signInLinkRequestSchema,
        response: { 202: signInLinkResponseSchema, 400: apiErrorSchema, 429: apiErrorSchema },
      },
    },
    async (request, reply) => {
      const sent = orThrow(
        await app.useCases.requestSignInLink({
          email: request.body.email,
          locale: request.body.locale,
          clientIp: request.ip,
        }),
      );
      return reply.code(202).send(sent);
    },
  );

  app.post(
    '/api/account/session',
    {
      config: { shopper: 'anyone' },
      schema: { body: redeemSignInLinkSchema, response: { 200: shopperSessionSchema, 400: apiErrorSchema } },
    },
    async (request, reply) => {
      const signedIn = orThrow(await app.useCases.redeemSignInLink(request.body));
      void reply.setCookie(cookie.name, signedIn.token, { ...cookie.options, expires: signedIn.expiresAt });
      return sessionView(signedIn);
    },
  );

  app.get(
    '/api/account/session',
    { config: { shopper: 'shopper' }, schema: { response: { 200: shopperSessionSchema, 401: apiErrorSchema } } },
    async (request) => sessionView(shopperOf(request)),
  );

  app.delete(
    '/api/account/session',
    {
      config: { shopper: 'shopper' },
      schema: { response: { 204: z.null(), 401: apiErrorSchema, 403: apiErrorSchema } },
    },
    async (request, reply) => {
      await app.useCases.signOutShopper(request.cookies[cookie.name]!);
      void reply.clearCookie(cookie.name, cookie.options);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/account/orders',
    { config: { shopper: 'shopper' }, schema: { response: { 200: accountOrdersSchema, 401: apiErrorSchema } } },
    async (request) => {
      const { orders, claimable } = await app.useCases.accountOrders(shopperOf(request).customer);
      return { orders: orders.map((order) => ({ ...order, createdAt: order.createdAt.toISOString() })), claimable };
    },
  );

  app.post(
    '/api/account/orders/claim',
    {
      config: { shopper: 'shopper' },
      schema: { response: { 200: claimedOrdersSchema, 401: apiErrorSchema, 403: apiErrorSchema } },
    },
    async (request) => app.useCases.claimGuestOrders(shopperOf(request).customer),
  );

  app.get(
    '/api/account/payment-methods',
    {
      config: { shopper: 'shopper' },
      schema: { response: { 200: savedCardsSchema, 401: apiErrorSchema, 503: apiErrorSchema } },
    },
    async (request) => {
      return { paymentMethods: orThrow(await app.useCases.listPaymentMethods(shopperOf(request).customer)) };
    },
  );

  const paymentMethodParams = z.object({ id: z.string().regex(/^pm_\w{1,64}$/, 'is not a payment method id') });

  app.delete(
    '/api/account/payment-methods/:id',
    {
      config: { shopper: 'shopper' },
      schema: {
        params: paymentMethodParams,
        response: { 204: z.null(), 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    },
    async (request, reply) => {
      const account = shopperOf(request).customer;
      orThrow(await app.useCases.removePaymentMethod({ account, paymentMethod: request.params.id }));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/account/payment-methods/:id/default',
    {
      config: { shopper: 'shopper' },
      schema: {
        params: paymentMethodParams,
        response: { 204: z.null(), 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    },
    async (request, reply) => {
      const account = shopperOf(request).customer;
      orThrow(await app.useCases.setDefaultPaymentMethod({ account, paymentMethod: request.params.id }));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/account/setup-intents',
    {
      config: { shopper: 'shopper' },
      schema: { response: { 201: cardSetupSchema, 401: apiErrorSchema, 403: apiErrorSchema, 503: apiErrorSchema } },
    },
    async (request, reply) =>
      reply.code(201).send(orThrow(await app.useCases.startCardSetup(shopperOf(request).customer))),
  );

  app.get(
    '/api/account/data',
    {
      config: { shopper: 'shopper' },
      schema: { response: { 200: personalDataExportSchema, 401: apiErrorSchema } },
    },
    async (request, reply) => {
      const data = await app.useCases.exportPersonalData({ email: shopperOf(request).customer.email, actor: null });
      void reply
        .header('content-disposition', 'attachment; filename="my-data.json"')
        .header('cache-control', 'no-store');
      return data;
    },
  );

  app.delete(
    '/api/account',
    {
      config: { shopper: 'shopper' },
      schema: {
        body: accountDeletionRequestSchema,
        response: {
          200: erasureResultSchema,
          400: apiErrorSchema,
          401: apiErrorSchema,
          403: apiErrorSchema,
          503: apiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { email } = shopperOf(request).customer;
      if (request.body.confirmEmail.trim().toLowerCase() !== email)
        throw new HttpError(400, 'validation_failed', 'Type your email to confirm.', {
          confirmEmail: 'must be your account’s email',
        });
      const erased = orThrow(await app.useCases.erasePersonalData({ email, actor: null }));
      void reply.clearCookie(cookie.name, cookie.options);
      return erased;
    },
  );
};
