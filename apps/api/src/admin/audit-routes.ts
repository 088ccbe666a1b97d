import { apiErrorSchema, auditPageSchema } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const auditQuery = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'must be a cursor from a previous page')
    .optional(),
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
      const page = await app.audit.list(request.query);
      return {
        entries: page.entries.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })),
        nextCursor: page.nextCursor,
      };
    },
  );
};
