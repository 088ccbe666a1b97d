import { createRefundRepository, type Actor, type StoredRefund } from '@storepay/db';
import {
  apiErrorSchema,
  formatMoney,
  money,
  parseCurrency,
  REFUND_STATUSES,
  refundDecisionSchema,
  refundListSchema,
  refundRequestSchema,
  refundResponseSchema,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../config';
import { HttpError } from '../errors';
import { paymentHttpError } from '../payment-errors';
import { staffOf } from './access';
import { createRefundSender } from '../refunds/refund-sender';
import { refundView } from './views';

/** The API's view of a stored refund. */
const storedRefundView = (refund: StoredRefund) => refundView(refund.orderId, refund);

/** The Idempotency-Key header, required on refund requests: 1 to 200 visible ASCII characters. */
function requiredIdempotencyKey(request: FastifyRequest): string {
  const raw = request.headers['idempotency-key'];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new HttpError(400, 'validation_failed', 'The request is invalid.', {
      'Idempotency-Key': 'is required: one key (1 to 200 visible ASCII characters) per refund request',
    });
  }
  return key;
}

const formatted = (amount: number, currency: string) => {
  const code = parseCurrency(currency);
  return code ? formatMoney(money(amount, code)) : `${amount} ${currency}`;
};

const idParams = z.object({ id: z.uuid({ error: 'must be an id' }) });

/**
 * Refunds from the admin. A request is recorded (amount reserved under the payment's lock, audited) before Stripe
 * is asked; Stripe gets one idempotency key per refund row, so copies and retries of a request make one refund.
 * Above the currency's threshold the refund waits for a second admin, who cannot be the one who asked.
 */
export const refundRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const refunds = createRefundRepository(app.db.prisma);
  const actorOf = (request: FastifyRequest): Actor => ({ ...staffOf(request), ip: request.ip });

  const sender = createRefundSender({ refunds, payments: app.payments });

  /** Sends a pending refund; a refusal or an unreachable Stripe becomes the HTTP error staff see. */
  async function send(refund: StoredRefund, actor: Actor): Promise<StoredRefund> {
    const outcome = await sender.send(refund, actor);
    if (outcome.kind === 'done') return outcome.refund;
    const { error } = outcome;
    if (outcome.kind === 'refused') {
      throw new HttpError(
        422,
        'refund_refused',
        `Stripe refused this refund: ${error.publicMessage}`,
        undefined,
        error.internalMessage,
      );
    }
    const http = paymentHttpError(error);
    throw new HttpError(
      http.statusCode,
      http.code,
      'The refund is recorded but Stripe could not be reached. Send the same request again (same Idempotency-Key).',
      undefined,
      error.internalMessage,
    );
  }

  app.post(
    '/api/admin/payments/:id/refunds',
    {
      config: { access: 'support' },
      schema: {
        params: idParams,
        body: refundRequestSchema,
        response: {
          200: refundResponseSchema,
          201: refundResponseSchema,
          400: apiErrorSchema,
          404: apiErrorSchema,
          422: apiErrorSchema,
          503: apiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const idempotencyKey = requiredIdempotencyKey(request);
      const actor = actorOf(request);
      const outcome = await refunds.request({
        orderId: request.params.id,
        idempotencyKey,
        amount: request.body.amount,
        reason: request.body.reason,
        note: request.body.note,
        actor,
        approvalThresholds: config.admin.refundApprovalThresholds,
      });
      if (outcome.kind === 'refused') {
        const refusal = outcome.refusal;
        switch (refusal.kind) {
          case 'not_found':
            throw new HttpError(404, 'not_found', 'No payment has this id.');
          case 'not_refundable':
            throw new HttpError(422, 'not_refundable', `This payment cannot be refunded: ${refusal.reason}.`);
          case 'exceeds_refundable':
            throw new HttpError(422, 'amount_exceeds_refundable', 'The amount is more than what is left to refund.', {
              amount: `must be at most ${formatted(refusal.refundable, refusal.currency)} (${refusal.refundable} minor units)`,
            });
          case 'key_reused':
            throw new HttpError(
              422,
              'idempotency_key_reused',
              'This Idempotency-Key was used for another refund request.',
              {
                'Idempotency-Key': 'was used for another refund request',
              },
            );
        }
      }
      const refund = await send(outcome.refund, actor);
      return reply
        .code(outcome.kind === 'created' ? 201 : 200)
        .send({ refund: storedRefundView(refund), approvalRequired: refund.status === 'awaiting_approval' });
    },
  );

  app.get(
    '/api/admin/refunds',
    {
      config: { access: 'viewer' },
      schema: {
        querystring: z.object({
          status: z.enum(REFUND_STATUSES).optional(),
          orderId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: refundListSchema, 400: apiErrorSchema },
      },
    },
    async (request) => ({ refunds: (await refunds.list(request.query)).map(storedRefundView) }),
  );

  const decisionResponses = {
    200: refundResponseSchema,
    400: apiErrorSchema,
    403: apiErrorSchema,
    404: apiErrorSchema,
    409: apiErrorSchema,
    422: apiErrorSchema,
    503: apiErrorSchema,
  };

  app.post(
    '/api/admin/refunds/:id/approve',
    {
      config: { access: 'admin' },
      schema: { params: idParams, body: refundDecisionSchema, response: decisionResponses },
    },
    async (request) => {
      const actor = actorOf(request);
      const outcome = await refunds.approve(request.params.id, actor);
      const decided = decisionOrThrow(outcome);
      const refund = await send(decided, actor);
      return { refund: storedRefundView(refund), approvalRequired: false };
    },
  );

  app.post(
    '/api/admin/refunds/:id/reject',
    {
      config: { access: 'admin' },
      schema: { params: idParams, body: refundDecisionSchema, response: decisionResponses },
    },
    async (request) => {
      const outcome = await refunds.reject(request.params.id, actorOf(request), request.body.note);
      return { refund: storedRefundView(decisionOrThrow(outcome)), approvalRequired: false };
    },
  );

  app.post(
    '/api/admin/refunds/:id/send',
    { config: { access: 'support' }, schema: { params: idParams, response: decisionResponses } },
    async (request) => {
      const refund = await refunds.find(request.params.id);
      if (!refund) throw new HttpError(404, 'not_found', 'No refund has this id.');
      if (refund.status !== 'pending' || refund.stripeRefundId) {
        throw new HttpError(
          409,
          'not_sendable',
          `This refund is ${refund.status}${refund.stripeRefundId ? ' and sent' : ''}.`,
        );
      }
      return { refund: storedRefundView(await send(refund, actorOf(request))), approvalRequired: false };
    },
  );
};

function decisionOrThrow(
  outcome: Awaited<ReturnType<ReturnType<typeof createRefundRepository>['approve']>>,
): StoredRefund {
  switch (outcome.kind) {
    case 'decided':
      return outcome.refund;
    case 'not_found':
      throw new HttpError(404, 'not_found', 'No refund has this id.');
    case 'not_awaiting_approval':
      throw new HttpError(409, 'not_awaiting_approval', `This refund is ${outcome.status}, not awaiting approval.`);
    case 'own_request':
      throw new HttpError(403, 'own_request', 'Another admin must approve a refund you asked for.');
    case 'not_refundable':
      throw new HttpError(
        409,
        'not_refundable',
        'The payment cannot give this amount any more (it was refunded elsewhere since); reject this refund.',
      );
  }
}
