import { webhookEventFacts, type WebhookRejectionReason } from '@storepay/payments-core';
import { verifyStripeWebhook } from '@storepay/payments-core/server';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config';

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const webhookReceiptSchema = z.object({ received: z.literal(true), duplicate: z.boolean() });

const REJECTIONS: Record<WebhookRejectionReason, { status: number; message: string }> = {
  missing_signature: { status: 400, message: 'The Stripe-Signature header is missing.' },
  invalid_signature: { status: 400, message: 'The Stripe-Signature header does not match the body.' },
  stale_timestamp: { status: 400, message: "The signature's timestamp is outside the tolerance." },
  invalid_json: { status: 400, message: 'The body is not JSON.' },
  not_an_event: { status: 400, message: 'The body is not a Stripe event.' },
  payload_too_large: { status: 413, message: 'The body is too large.' },
};

export interface ReceiveWebhookOptions {
  config: Config;
}

/**
 * `POST /webhooks/stripe`: verifies the signature on the exact bytes received, puts the event in the inbox keyed by
 * its Stripe id (a repeat is a no-op) and answers at once; processing happens later, off the request. A refused
 * delivery is answered 4xx and counted by reason (never with its body). Encapsulated: the raw-body parser and the
 * body limit apply to this route only.
 */
export const receiveWebhookRoutes: FastifyPluginAsyncZod<ReceiveWebhookOptions> = async (app, { config }) => {
  const { bodyLimitBytes, toleranceSeconds } = config.webhooks;

  async function reject(request: FastifyRequest, reply: FastifyReply, reason: WebhookRejectionReason) {
    request.log.warn({ reason }, 'refused a webhook delivery');
    try {
      await app.webhookInbox.recordRejection(reason);
    } catch (error) {
      request.log.error({ err: error, reason }, 'could not record a refused webhook delivery');
    }
    const { status, message } = REJECTIONS[reason];
    return reply.code(status).send({ error: { code: reason, message } });
  }

  // Raw bytes for every content type (Stripe sends `application/json; charset=utf-8`): the signature covers them.
  app.removeAllContentTypeParsers();
  const keepRaw = (_request: FastifyRequest, body: Buffer, done: (error: null, body: Buffer) => void) =>
    done(null, body);
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: bodyLimitBytes }, keepRaw);
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: bodyLimitBytes }, keepRaw);

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reject(request, reply, 'payload_too_large');
    throw error; // the application's error handler answers anything else
  });

  app.post(
    '/webhooks/stripe',
    {
      bodyLimit: bodyLimitBytes,
      logLevel: 'warn',
      schema: {
        response: { 200: webhookReceiptSchema, 400: errorSchema, 413: errorSchema, 503: errorSchema },
      },
    },
    async (request, reply) => {
      const secrets = app.webhookSecrets.list;
      if (secrets.length === 0) {
        return reply.code(503).send({
          error: { code: 'webhooks_not_configured', message: 'Webhooks are not configured on this server.' },
        });
      }
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['stripe-signature'];
      const verified = verifyStripeWebhook(
        rawBody,
        Array.isArray(header) ? header[0] : header,
        secrets,
        toleranceSeconds,
      );
      if (!verified.ok) return reject(request, reply, verified.error);

      const { handled, ...facts } = webhookEventFacts(verified.value);
      const { inserted } = await app.webhookInbox.insert({
        ...facts,
        payload: rawBody.toString('utf8'),
        source: 'webhook',
        status: handled ? 'received' : 'ignored',
      });
      return { received: true as const, duplicate: !inserted };
    },
  );
};
