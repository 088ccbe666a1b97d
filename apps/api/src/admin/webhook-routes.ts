import { inboxEventCursor } from '@storepay/db';
import {
  apiErrorSchema,
  HEALTH_WINDOWS,
  reconciliationRunListSchema,
  reconciliationRunSchema,
  replayResultSchema,
  replaySelectionRequestSchema,
  webhookEventPageSchema,
  webhookHealthSchema,
  WEBHOOK_EVENT_STATUSES,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cursorParam } from '../http/cursor-param';
import { orThrow } from '../http/errors';
import { actorOf } from './access';

const eventQuery = z.object({
  status: z.enum(WEBHOOK_EVENT_STATUSES).optional(),
  type: z.string().max(100).optional(),
  paymentIntentId: z.string().max(255).optional(),
  cursor: cursorParam(inboxEventCursor).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const healthQuery = z.object({
  window: z.enum(HEALTH_WINDOWS, { error: `must be one of ${HEALTH_WINDOWS.join(', ')}` }).default('24h'),
});

/** The inbox for staff: its health, its events, replay of one or a selection, and the reconciler's runs. */
export const webhookAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/webhooks/health',
    {
      config: { access: 'viewer' },
      schema: { querystring: healthQuery, response: { 200: webhookHealthSchema, 400: apiErrorSchema } },
    },
    async (request) => app.useCases.webhookHealth(request.query.window),
  );

  app.get(
    '/api/admin/webhooks/events',
    {
      config: { access: 'viewer' },
      schema: { querystring: eventQuery, response: { 200: webhookEventPageSchema, 400: apiErrorSchema } },
    },
    async (request) => {
      const { cursor, ...query } = request.query;
      return app.useCases.listInboxEvents({ ...query, after: cursor ?? null });
    },
  );

  app.post(
    '/api/admin/webhooks/events/:id/replay',
    {
      config: { access: 'admin' },
      schema: {
        params: z.object({ id: z.uuid({ error: 'must be an inbox event id' }) }),
        response: { 200: replayResultSchema, 404: apiErrorSchema, 409: apiErrorSchema },
      },
    },
    async (request) => orThrow(await app.useCases.replayEvent({ id: request.params.id, actor: actorOf(request) })),
  );

  app.post(
    '/api/admin/webhooks/events/replay',
    {
      config: { access: 'admin' },
      schema: { body: replaySelectionRequestSchema, response: { 200: replayResultSchema, 400: apiErrorSchema } },
    },
    async (request) => app.useCases.replayEvents({ ids: request.body.ids, actor: actorOf(request) }),
  );

  app.get(
    '/api/admin/reconciliations',
    { config: { access: 'viewer' }, schema: { response: { 200: reconciliationRunListSchema } } },
    async () => ({ runs: await app.useCases.listReconciliations() }),
  );

  app.post(
    '/api/admin/reconciliations',
    { config: { access: 'admin' }, schema: { response: { 201: reconciliationRunSchema, 502: apiErrorSchema } } },
    async (request, reply) => reply.code(201).send(orThrow(await app.useCases.runReconciliation(actorOf(request)))),
  );
};
