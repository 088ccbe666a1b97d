import {
  apiErrorSchema,
  authorizationResponseSchema,
  cancelAuthorizationRequestSchema,
  captureRequestSchema,
  openAuthorizationListSchema,
  type Result,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import { idempotencyKeyOf } from '../http/idempotency-key';
import type { DecidedAuthorization } from '../use-cases/decide-authorization';
import { authorizationActionView } from '../use-cases/views';
import { actorOf, staffOf } from './access';

const idParams = z.object({ id: z.uuid({ error: 'must be an id' }) });

const decisionResponses = {
  200: authorizationResponseSchema,
  201: authorizationResponseSchema,
  400: apiErrorSchema,
  404: apiErrorSchema,
  409: apiErrorSchema,
  422: apiErrorSchema,
  503: apiErrorSchema,
};

/**
 * Manual capture: staff capture all or part of an order's authorisation, or release it (see the decide-authorization
 * use case), and list the open ones by deadline. A decision needs an Idempotency-Key: copies and retries of one
 * request make one decision, and of a capture and a cancel at once exactly one is made.
 */
export const authorizationRoutes: FastifyPluginAsyncZod = async (app) => {
  const counted = <R extends Result<DecidedAuthorization, { kind: string }>>(action: string, result: R): R => {
    const outcome = !result.ok ? result.error.kind : result.value.created ? result.value.action.status : 'repeat';
    app.metrics.authorizations.inc({ action, outcome });
    if (result.ok && result.value.created) {
      const { id, orderId, amount, currency, status } = result.value.action;
      app.log.info({ action, actionId: id, orderId, amount, currency, status }, `authorization ${action} ${status}`);
    }
    return result;
  };
  const answer = ({ action, orderStatus }: DecidedAuthorization) => ({
    action: authorizationActionView(action),
    orderStatus,
  });

  app.post(
    '/api/admin/payments/:id/capture',
    {
      config: { access: 'support' },
      schema: { params: idParams, body: captureRequestSchema, response: decisionResponses },
    },
    async (request, reply) => {
      const decided = orThrow(
        counted(
          'capture',
          await app.useCases.decideAuthorization({
            orderId: request.params.id,
            kind: 'capture',
            amount: request.body.amount,
            note: request.body.note,
            idempotencyKey: idempotencyKeyOf(request, { required: true }),
            actor: actorOf(request),
          }),
        ),
      );
      return reply.code(decided.created ? 201 : 200).send(answer(decided));
    },
  );

  app.post(
    '/api/admin/payments/:id/cancel',
    {
      config: { access: 'support' },
      schema: { params: idParams, body: cancelAuthorizationRequestSchema, response: decisionResponses },
    },
    async (request, reply) => {
      const decided = orThrow(
        counted(
          'cancel',
          await app.useCases.decideAuthorization({
            orderId: request.params.id,
            kind: 'cancel',
            cancelReason: request.body.reason,
            note: request.body.note,
            idempotencyKey: idempotencyKeyOf(request, { required: true }),
            actor: actorOf(request),
          }),
        ),
      );
      return reply.code(decided.created ? 201 : 200).send(answer(decided));
    },
  );

  app.get(
    '/api/admin/authorizations',
    {
      config: { access: 'viewer' },
      schema: {
        querystring: z.object({
          expiring: z
            .enum(['true', 'false'], { error: 'must be true or false' })
            .default('false')
            .transform((value) => value === 'true'),
          limit: z.coerce.number().int().min(1).max(200).default(100),
        }),
        response: { 200: openAuthorizationListSchema, 400: apiErrorSchema },
      },
    },
    async (request) => app.useCases.listAuthorizations(request.query, staffOf(request).role),
  );
};
