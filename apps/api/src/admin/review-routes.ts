import {
  apiErrorSchema,
  earlyFraudWarningListSchema,
  refundableAmount,
  reviewDecisionRequestSchema,
  reviewDecisionResponseSchema,
  reviewListSchema,
  type Result,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import type { ReviewDecision } from '../use-cases/work-reviews';
import { earlyFraudWarningView, refundView, reviewView } from '../use-cases/views';
import { actorOf, staffOf } from './access';

const idParams = z.object({ id: z.uuid({ error: 'must be an id' }) });
const limit = z.coerce.number().int().min(1).max(200).default(100);

const decisionResponses = {
  200: reviewDecisionResponseSchema,
  400: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
  422: apiErrorSchema,
  503: apiErrorSchema,
};

/**
 * The Radar review queue (see the work-reviews use cases): open reviews oldest first, approve (the payment stands,
 * the order's fulfilment is released) or refuse (refunded in full as fraudulent, or released when not captured).
 * And the early fraud warnings, for a full refund before they become disputes.
 */
export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  const answer = <R extends Result<ReviewDecision, { kind: string }>>(result: R, action: string): R => {
    app.metrics.reviews.inc({ action, outcome: result.ok ? 'decided' : result.error.kind });
    return result;
  };
  const view = ({ review, refund, released }: ReviewDecision) => ({
    review: reviewView(review),
    refund: refund ? refundView(refund.orderId, refund) : null,
    released: released !== null,
  });

  app.get(
    '/api/admin/reviews',
    {
      config: { access: 'viewer' },
      schema: {
        querystring: z.object({
          status: z.enum(['open', 'all'], { error: 'must be open or all' }).default('open'),
          limit,
        }),
        response: { 200: reviewListSchema, 400: apiErrorSchema },
      },
    },
    async (request) =>
      app.useCases.listReviews(
        { open: request.query.status === 'open' ? true : undefined, limit: request.query.limit },
        staffOf(request).role,
      ),
  );

  app.post(
    '/api/admin/reviews/:id/approve',
    {
      config: { access: 'support' },
      schema: { params: idParams, body: reviewDecisionRequestSchema, response: decisionResponses },
    },
    async (request) =>
      view(
        orThrow(
          answer(
            await app.useCases.approveReview({
              reviewId: request.params.id,
              note: request.body.note,
              actor: actorOf(request),
            }),
            'approve',
          ),
        ),
      ),
  );

  app.post(
    '/api/admin/reviews/:id/refuse',
    {
      config: { access: 'support' },
      schema: { params: idParams, body: reviewDecisionRequestSchema, response: decisionResponses },
    },
    async (request) =>
      view(
        orThrow(
          answer(
            await app.useCases.refuseReview({
              reviewId: request.params.id,
              note: request.body.note,
              actor: actorOf(request),
            }),
            'refuse',
          ),
        ),
      ),
  );

  app.get(
    '/api/admin/early-fraud-warnings',
    {
      config: { access: 'viewer' },
      schema: {
        querystring: z.object({
          actionable: z
            .enum(['true', 'false'], { error: 'must be true or false' })
            .optional()
            .transform((value) => (value === undefined ? undefined : value === 'true')),
          limit,
        }),
        response: { 200: earlyFraudWarningListSchema, 400: apiErrorSchema },
      },
    },
    async (request) => ({
      warnings: (await app.useCases.listEarlyFraudWarnings(request.query)).map((warning) =>
        earlyFraudWarningView(warning, refundableAmount(warning.amountReceived, warning.refunds)),
      ),
    }),
  );
};
