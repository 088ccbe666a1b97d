import { auditCursor } from '@storepay/db';
import { apiErrorSchema, auditPageSchema } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cursorParam } from '../http/cursor-param';

const auditQuery = z.object({
  cursor: cursorParam(auditCursor).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  action: z.string().max(100).optional(),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  actorId: z.uuid().optional(),
});

/** The append-only audit log, newest first: admins only. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/audit',
    {
      config: { access: 'admin' },
      schema: { querystring: auditQuery, response: { 200: auditPageSchema, 400: apiErrorSchema } },
    },
    async (request) => {
      const { cursor, ...query } = request.query;
      return app.useCases.listAudit({ ...query, after: cursor });
    },
  );
};
