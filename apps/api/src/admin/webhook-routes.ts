import { createReconciliationRepository, decodeCursor } from '@storepay/db';
import {
  apiErrorSchema,
  reconciliationRunListSchema,
  reconciliationRunSchema,
  replayResultSchema,
  replaySelectionRequestSchema,
  webhookEventPageSchema,
  WEBHOOK_EVENT_STATUSES,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../errors';
import { staffOf } from './access';
import { iso } from './views';

const eventQuery = z.object({
  status: z.enum(WEBHOOK_EVENT_STATUSES).optional(),
  type: z.string().max(100).optional(),
  paymentIntentId: z.string().max(255).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The inbox for staff: list events, replay one or a selection, run the reconciler and read its runs. */
export const webhookAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const runs = createReconciliationRepository(app.db.prisma);

  const replay = (request: FastifyRequest, ids: string[]) =>
    app.webhookAdmin.replay(ids, (replayed) =>
      app.audit.entry(request, {
        action: 'webhook.replayed',
        targetType: 'webhook_event',
        targetId: replayed.length === 1 ? replayed[0] : null,
        details: { ids: replayed },
      }),
    );

  app.get(
    '/api/admin/webhooks/events',
    {
      config: { access: 'viewer' },
      schema: { querystring: eventQuery, response: { 200: webhookEventPageSchema, 400: apiErrorSchema } },
    },
    async (request) => {
      if (request.query.cursor && !decodeCursor(request.query.cursor)) {
        throw new HttpError(400, 'validation_failed', 'The request is invalid.', {
          cursor: 'must be a cursor from a previous page',
        });
      }
      const page = await app.webhookAdmin.list(request.query);
      return {
        nextCursor: page.nextCursor,
        events: page.events.map((event) => ({
          ...event,
          stripeCreatedAt: event.stripeCreatedAt.toISOString(),
          receivedAt: event.receivedAt.toISOString(),
          processedAt: iso(event.processedAt),
          nextAttemptAt: event.nextAttemptAt.toISOString(),
        })),
      };
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
    async (request) => {
      const outcome = await replay(request, [request.params.id]);
      const skipped = outcome.skipped[0];
      if (skipped?.reason === 'not_found') throw new HttpError(404, 'not_found', 'No inbox event has this id.');
      if (skipped?.reason === 'in_progress')
        throw new HttpError(409, 'in_progress', 'A worker is processing this event right now.');
      return outcome;
    },
  );

  app.post(
    '/api/admin/webhooks/events/replay',
    {
      config: { access: 'admin' },
      schema: { body: replaySelectionRequestSchema, response: { 200: replayResultSchema, 400: apiErrorSchema } },
    },
    async (request) => replay(request, request.body.ids),
  );

  app.get(
    '/api/admin/reconciliations',
    { config: { access: 'viewer' }, schema: { response: { 200: reconciliationRunListSchema } } },
    async () => ({ runs: await runs.recent(20) }),
  );

  app.post(
    '/api/admin/reconciliations',
    { config: { access: 'admin' }, schema: { response: { 201: reconciliationRunSchema, 502: apiErrorSchema } } },
    async (request, reply) => {
      let runId: string;
      try {
        ({ runId } = await app.reconciler.run(staffOf(request).id));
      } catch (error) {
        await app.audit.record(request, { action: 'reconciliation.failed', targetType: 'reconciliation', details: {} });
        throw new HttpError(
          502,
          'reconciliation_failed',
          'The reconciliation could not read Stripe; see its run.',
          undefined,
          String(error),
        );
      }
      const run = await runs.get(runId);
      if (!run) throw new Error(`reconciliation run ${runId} vanished`);
      await app.audit.record(request, {
        action: 'reconciliation.run',
        targetType: 'reconciliation',
        targetId: runId,
        details: { eventsListed: run?.eventsListed, eventsInserted: run?.eventsInserted },
      });
      return reply.code(201).send(run);
    },
  );
};
