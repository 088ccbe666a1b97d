import { createHash } from 'node:crypto';
import {
  checkoutRequestSchema,
  checkoutResponseSchema,
  money,
  orderSchema,
  orderStatusForPaymentIntent,
  priceOrder,
  type CheckoutRequest,
} from '@storepay/payments-core';
import type { PaymentIntentSnapshot } from '@storepay/payments-core/server';
import type { StoredOrder } from '@storepay/db';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../errors';
import { paymentHttpError } from '../payment-errors';
import { factsOf } from '../payment-facts';

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }),
});

/** The Idempotency-Key header: optional, 1 to 255 visible ASCII characters. */
function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new HttpError(400, 'validation_failed', 'The request is invalid.', {
      'Idempotency-Key': 'must be 1 to 255 visible ASCII characters',
    });
  }
  return key;
}

/** A fingerprint of what was asked, so one key cannot be reused for a different cart. */
function requestHash(body: CheckoutRequest): string {
  const canonical = JSON.stringify({
    items: body.items.map((i) => [i.productId.toLowerCase(), i.quantity]),
    currency: body.currency,
    email: body.email.trim().toLowerCase(),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The order's PaymentIntent: created once per order with an idempotency key derived from the order, so concurrent
 * or retried checkouts of the same order reach Stripe with the same key and get the same PaymentIntent.
 */
async function paymentIntentFor(app: FastifyInstance, order: StoredOrder): Promise<PaymentIntentSnapshot> {
  const result = order.paymentIntentId
    ? await app.payments.retrievePaymentIntent(order.paymentIntentId)
    : await app.payments.createPaymentIntent({
        amount: money(order.amount, order.currency),
        orderId: order.id,
        email: order.email,
        description: `Order ${order.id}`,
        idempotencyKey: `order-${order.id}-payment-intent`,
      });
  if (!result.ok) throw paymentHttpError(result.error);
  if (!order.paymentIntentId) await app.orders.recordPaymentIntent(order.id, factsOf(result.value), order.email);
  return result.value;
}

export const checkoutRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/checkout',
    {
      schema: {
        body: checkoutRequestSchema,
        response: { 201: checkoutResponseSchema, 400: errorSchema, 422: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const body = request.body;
      const hash = requestHash(body);

      // A repeated key returns what the first request made, without pricing again.
      let order = key ? await app.orders.findByIdempotencyKey(key) : null;
      if (!order) {
        const catalog = await app.products.catalogEntries(body.items.map((item) => item.productId));
        const priced = priceOrder(body.items, body.currency, catalog);
        if (!priced.ok) throw new HttpError(400, 'validation_failed', 'The order cannot be placed.', priced.problems);
        ({ order } = await app.orders.create({
          email: body.email.trim(),
          priced: priced.order,
          idempotencyKey: key,
          requestHash: hash,
        }));
      }
      if (order.requestHash !== hash) {
        throw new HttpError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different checkout; use a new key for a new order.',
        );
      }

      const intent = await paymentIntentFor(app, order);
      if (!intent.clientSecret) throw new HttpError(502, 'payment_provider_error', 'The payment could not be set up.');
      return reply.code(201).send({
        orderId: order.id,
        paymentIntentId: intent.id,
        clientSecret: intent.clientSecret,
        amount: order.amount,
        currency: order.currency,
      });
    },
  );

  /** Statuses in which the order still waits on Stripe; reading the order then asks Stripe for the truth. */
  const UNSETTLED = new Set(['pending', 'processing', 'requires_action', 'failed']);

  app.get(
    '/api/orders/:id',
    {
      schema: {
        params: z.object({ id: z.string() }),
        response: { 200: orderSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const order = await app.orders.find(request.params.id);
      if (!order) throw new HttpError(404, 'not_found', 'No such order.');
      if (UNSETTLED.has(order.status) && order.paymentIntentId) {
        // Until webhooks drive it, the status is refreshed from Stripe here; it never comes from the browser.
        const intent = await app.payments.retrievePaymentIntent(order.paymentIntentId);
        if (intent.ok) {
          const next = orderStatusForPaymentIntent(intent.value.status, intent.value.lastPaymentError !== null);
          await app.orders.applyPaymentIntent(order.id, factsOf(intent.value), next);
        } else {
          request.log.warn({ error: intent.error.internalMessage }, 'could not refresh the order from Stripe');
        }
      }
      return (await app.orders.view(order.id))!;
    },
  );
};
