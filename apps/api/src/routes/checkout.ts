import { apiErrorSchema, checkoutRequestSchema, checkoutResponseSchema, orderSchema } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import { idempotencyKeyOf } from '../http/idempotency-key';

/** The shop's writes and reads of an order: checkout, and the order's status page. */
export const checkoutRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/checkout',
    {
      schema: {
        body: checkoutRequestSchema,
        response: {
          201: checkoutResponseSchema,
          400: apiErrorSchema,
          422: apiErrorSchema,
          429: apiErrorSchema,
          503: apiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const idempotencyKey = idempotencyKeyOf(request);
      const started = orThrow(
        await app.useCases.startCheckout({ request: request.body, idempotencyKey, clientIp: request.ip }),
      );
      return reply.code(201).send(started);
    },
  );

  app.get(
    '/api/orders/:id',
    {
      schema: {
        params: z.object({ id: z.string() }),
        response: { 200: orderSchema, 404: apiErrorSchema, 429: apiErrorSchema },
      },
    },
    async (request) => orThrow(await app.useCases.viewOrder({ orderId: request.params.id, clientIp: request.ip })),
  );
};
