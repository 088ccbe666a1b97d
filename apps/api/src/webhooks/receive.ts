import { apiErrorSchema } from '@storepay/payments-core';
import type { FastifyError, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config';
import { orThrow } from '../http/errors';

export const webhookReceiptSchema = z.object({ received: z.literal(true), duplicate: z.boolean() });

export interface ReceiveWebhookOptions {
  config: Config;
}

/**
 * `POST /webhooks/stripe`: hands the exact bytes received and the Stripe-Signature header to the `receiveWebhook`
 * use case (verify, then store in the inbox) and answers at once; processing happens later, off the request. A
 * refused delivery is answered 4xx through the one error table. Encapsulated: the raw-body parser and the body limit
 * apply to this route only.
 */
export const receiveWebhookRoutes: FastifyPluginAsyncZod<ReceiveWebhookOptions> = async (app, { config }) => {
  const { bodyLimitBytes } = config.webhooks;

  // Raw bytes for every content type (Stripe sends `application/json; charset=utf-8`): the signature covers them.
  app.removeAllContentTypeParsers();
  const keepRaw = (_request: FastifyRequest, body: Buffer, done: (error: null, body: Buffer) => void) =>
    done(null, body);
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: bodyLimitBytes }, keepRaw);
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: bodyLimitBytes }, keepRaw);

  app.setErrorHandler(async (error: FastifyError) => {
    // A body over the limit is refused (and counted) like any other bad delivery.
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      app.metrics.webhookRejections.inc({ reason: 'payload_too_large' });
      orThrow(app.useCases.refuseWebhook('payload_too_large'));
    }
    throw error; // the application's error handler answers it
  });

  app.post(
    '/webhooks/stripe',
    {
      bodyLimit: bodyLimitBytes,
      logLevel: 'warn',
      // Stripe's servers read this answer, never a browser: helmet's page headers mean nothing here, and rebuilding
      // them on every delivery costs the ingest path (the x-request-id header stays).
      helmet: false,
      schema: {
        response: { 200: webhookReceiptSchema, 400: apiErrorSchema, 413: apiErrorSchema, 503: apiErrorSchema },
      },
    },
    async (request) => {
      const header = request.headers['stripe-signature'];
      const received = await app.useCases.receiveWebhook({
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        signature: Array.isArray(header) ? header[0] : header,
      });
      if (received.ok) {
        const { type, duplicate } = received.value;
        app.metrics.webhookDeliveries.inc({ type, result: duplicate ? 'duplicate' : 'stored' });
      } else {
        const { error } = received;
        app.metrics.webhookRejections.inc({
          reason: error.kind === 'webhook_rejected' ? error.reason : 'not_configured',
        });
      }
      return { received: true as const, duplicate: orThrow(received).duplicate };
    },
  );
};
