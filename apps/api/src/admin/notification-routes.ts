import {
  apiErrorSchema,
  NOTIFICATION_STATUSES,
  notificationListSchema,
  replayedNotificationSchema,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import { actorOf } from './access';

const listQuery = z.object({
  status: z.enum(NOTIFICATION_STATUSES, { error: `must be one of ${NOTIFICATION_STATUSES.join(', ')}` }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The notifications (emails) staff see and send again. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/notifications',
    { config: { access: 'viewer' }, schema: { querystring: listQuery, response: { 200: notificationListSchema } } },
    async (request) => ({ notifications: await app.useCases.listNotifications(request.query) }),
  );

  app.post(
    '/api/admin/notifications/:id/replay',
    {
      config: { access: 'support' },
      schema: {
        params: z.object({ id: z.uuid({ error: 'must be a notification id' }) }),
        response: { 200: replayedNotificationSchema, 404: apiErrorSchema, 409: apiErrorSchema },
      },
    },
    async (request) =>
      orThrow(await app.useCases.replayNotification({ id: request.params.id, actor: actorOf(request) })),
  );
};
