import {
  adminCustomerDetailSchema,
  adminCustomerListSchema,
  apiErrorSchema,
  erasureRequestSchema,
  erasureResultSchema,
  personalDataExportSchema,
  privacyExportRequestSchema,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import { actorOf, staffOf } from './access';

const searchQuery = z.object({
  q: z.string().trim().max(254, 'is too long').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * Shoppers' accounts for staff (emails masked but for admins), and a person's data on their request: a copy, or its
 * erasure (admins only, audited without the data). Export and erasure take the email in the body, never the URL.
 */
export const customerAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/customers',
    {
      config: { access: 'viewer' },
      schema: { querystring: searchQuery, response: { 200: adminCustomerListSchema, 400: apiErrorSchema } },
    },
    async (request) =>
      app.useCases.searchCustomers({
        q: request.query.q || undefined,
        limit: request.query.limit,
        role: staffOf(request).role,
      }),
  );

  app.get(
    '/api/admin/customers/:id',
    {
      config: { access: 'viewer' },
      schema: {
        params: z.object({ id: z.uuid({ error: 'must be a customer id' }) }),
        response: { 200: adminCustomerDetailSchema, 400: apiErrorSchema, 404: apiErrorSchema },
      },
    },
    async (request) =>
      orThrow(await app.useCases.customerDetail({ id: request.params.id, role: staffOf(request).role })),
  );

  app.post(
    '/api/admin/privacy/export',
    {
      config: { access: 'admin' },
      schema: { body: privacyExportRequestSchema, response: { 200: personalDataExportSchema, 400: apiErrorSchema } },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return app.useCases.exportPersonalData({ email: request.body.email, actor: actorOf(request) });
    },
  );

  app.post(
    '/api/admin/privacy/erasure',
    {
      config: { access: 'admin' },
      schema: {
        body: erasureRequestSchema,
        response: { 200: erasureResultSchema, 400: apiErrorSchema, 503: apiErrorSchema },
      },
    },
    async (request) =>
      orThrow(await app.useCases.erasePersonalData({ email: request.body.email, actor: actorOf(request) })),
  );
};
