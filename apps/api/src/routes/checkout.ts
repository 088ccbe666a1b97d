import { apiErrorSchema, checkoutRequestSchema, checkoutResponseSchema, orderSchema } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { UseCases } from '../composition';
import { orThrow } from '../http/errors';
import { idempotencyKeyOf } from '../http/idempotency-key';
import { annotateActiveSpan } from '../tracing/tracing';

/** A checkout's outcome as the metrics name it: created, the refusal's kind, or what Stripe answered. */
function checkoutOutcome(result: Awaited<ReturnType<UseCases['startCheckout']>>): string {
  if (result.ok) return 'created';
  if (result.error.kind !== 'payment_failed') return result.error.kind;
  switch (result.error.error.kind) {
    case 'stripe_unavailable':
      return 'stripe_unavailable';
    case 'rate_limited':
      return 'stripe_rate_limited';
    default:
      return 'stripe_error';
  }
}

/** The shop's writes and reads of an order: checkout, and the order's status page. */
export const checkoutRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/checkout',
    {
      config: { shopper: 'anyone' },
      schema: {
        body: checkoutRequestSchema,
        response: {
          201: checkoutResponseSchema,
          400: apiErrorSchema,
          409: apiErrorSchema,
          422: apiErrorSchema,
          429: apiErrorSchema,
          503: apiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const idempotencyKey = idempotencyKeyOf(request);
      const customer = request.shopperSession?.customer ?? null;
      const result = await app.useCases.startCheckout({
        request: request.body,
        idempotencyKey,
        clientIp: request.ip,
        customer,
      });
      const outcome = checkoutOutcome(result);
      app.metrics.checkouts.inc({ outcome });
      if (result.ok) {
        // The ids that tie this request to Stripe and to the webhook events that follow (never the client secret).
        const { orderId, paymentIntentId, amount, currency } = result.value;
        annotateActiveSpan({ 'storepay.order_id': orderId, 'stripe.payment_intent_id': paymentIntentId });
        request.log.info({ orderId, paymentIntentId, amount, currency }, 'payment created');
      } else {
        annotateActiveSpan({ 'storepay.checkout_outcome': outcome });
      }
      return reply.code(201).send(orThrow(result));
    },
  );

  app.get(
    '/api/orders/:id',
    {
      config: { shopper: 'anyone' },
      schema: {
        params: z.object({ id: z.string() }),
        response: { 200: orderSchema, 404: apiErrorSchema, 429: apiErrorSchema },
      },
    },
    async (request) => orThrow(await app.useCases.viewOrder({ orderId: request.params.id, clientIp: request.ip })),
  );
};
