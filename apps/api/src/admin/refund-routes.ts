import type { StoredRefund } from '@storepay/db';
import { ok, type Result } from '@storepay/payments-core';
import {
  apiErrorSchema,
  REFUND_STATUSES,
  refundDecisionSchema,
  refundListSchema,
  refundOrReleaseResponseSchema,
  refundRequestSchema,
  refundResponseSchema,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import { idempotencyKeyOf } from '../http/idempotency-key';
import { authorizationActionView, refundView } from '../use-cases/views';
import { actorOf } from './access';

const idParams = z.object({ id: z.uuid({ error: 'must be an id' }) });

const answer = (refund: StoredRefund) => ({
  refund: refundView(refund.orderId, refund),
  approvalRequired: refund.status === 'awaiting_approval',
});

const decisionResponses = {
  200: refundResponseSchema,
  400: apiErrorSchema,
  403: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
  422: apiErrorSchema,
  503: apiErrorSchema,
};

/**
 * A refund action's outcome as the metrics name it: `sent` (Stripe has it), else the refund's status after it
 * (awaiting_approval, rejected, …), `repeat` for a replayed request, or the refusal's kind.
 */
function refundOutcome(result: Result<StoredRefund | { refund: StoredRefund; created: boolean }, { kind: string }>) {
  if (!result.ok) return result.error.kind;
  if ('created' in result.value && !result.value.created) return 'repeat';
  const refund = 'created' in result.value ? result.value.refund : result.value;
  return refund.stripeRefundId ? 'sent' : refund.status;
}

/**
 * Refunds from the admin (see the refund use cases: request, approve, reject, resend). A request needs an
 * Idempotency-Key: copies and retries of one request make one refund.
 */
export const refundRoutes: FastifyPluginAsyncZod = async (app) => {
  const counted = <R extends Parameters<typeof refundOutcome>[0]>(action: string, result: R): R => {
    const outcome = refundOutcome(result);
    app.metrics.refunds.inc({ action, outcome });
    if (result.ok && (outcome === 'sent' || outcome === 'awaiting_approval' || outcome === 'rejected')) {
      const refund = 'created' in result.value ? result.value.refund : result.value;
      const { id: refundId, orderId, amount, currency, stripeRefundId, status } = refund;
      app.log.info({ action, refundId, orderId, amount, currency, stripeRefundId, status }, `refund ${outcome}`);
    }
    return result;
  };

  app.post(
    '/api/admin/payments/:id/refunds',
    {
      config: { access: 'support' },
      schema: {
        params: idParams,
        body: refundRequestSchema,
        response: {
          200: refundOrReleaseResponseSchema,
          201: refundOrReleaseResponseSchema,
          400: apiErrorSchema,
          404: apiErrorSchema,
          409: apiErrorSchema,
          422: apiErrorSchema,
          503: apiErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const idempotencyKey = idempotencyKeyOf(request, { required: true });
      const result = await app.useCases.refundOrRelease({
        orderId: request.params.id,
        idempotencyKey,
        ...request.body,
        actor: actorOf(request),
      });
      if (!result.ok) return orThrow(counted('request', result));
      const outcome = result.value;
      // Not captured yet: the authorisation was released instead (nothing had been taken).
      if ('released' in outcome) {
        const { action, orderStatus, created } = outcome.released;
        app.metrics.refunds.inc({ action: 'request', outcome: 'released_authorization' });
        return reply.code(created ? 201 : 200).send({ action: authorizationActionView(action), orderStatus });
      }
      const { refund, created } = orThrow(counted('request', ok(outcome)));
      return reply.code(created ? 201 : 200).send(answer(refund));
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
    async (request) => ({ refunds: await app.useCases.listRefunds(request.query) }),
  );

  app.post(
    '/api/admin/refunds/:id/approve',
    {
      config: { access: 'admin' },
      schema: { params: idParams, body: refundDecisionSchema, response: decisionResponses },
    },
    async (request) =>
      answer(
        orThrow(
          counted(
            'approve',
            await app.useCases.approveRefund({ refundId: request.params.id, actor: actorOf(request) }),
          ),
        ),
      ),
  );

  app.post(
    '/api/admin/refunds/:id/reject',
    {
      config: { access: 'admin' },
      schema: { params: idParams, body: refundDecisionSchema, response: decisionResponses },
    },
    async (request) =>
      answer(
        orThrow(
          counted(
            'reject',
            await app.useCases.rejectRefund({
              refundId: request.params.id,
              actor: actorOf(request),
              note: request.body.note,
            }),
          ),
        ),
      ),
  );

  app.post(
    '/api/admin/refunds/:id/send',
    { config: { access: 'support' }, schema: { params: idParams, response: decisionResponses } },
    async (request) =>
      answer(
        orThrow(
          counted('send', await app.useCases.resendRefund({ refundId: request.params.id, actor: actorOf(request) })),
        ),
      ),
  );
};
