import {
  adminProductListSchema,
  adminProductSchema,
  apiErrorSchema,
  createProductSchema,
  updateProductSchema,
} from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { orThrow } from '../http/errors';
import { actorOf } from './access';

/** Catalog management: every product for staff; admins create, edit, deactivate and price them (audited). */
export const catalogAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/admin/products',
    { config: { access: 'viewer' }, schema: { response: { 200: adminProductListSchema } } },
    async () => ({ products: await app.useCases.listCatalog() }),
  );

  app.post(
    '/api/admin/products',
    {
      config: { access: 'admin' },
      schema: {
        body: createProductSchema,
        response: { 201: adminProductSchema, 400: apiErrorSchema, 409: apiErrorSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(orThrow(await app.useCases.createProduct({ product: request.body, actor: actorOf(request) }))),
  );

  app.patch(
    '/api/admin/products/:id',
    {
      config: { access: 'admin' },
      schema: {
        params: z.object({ id: z.uuid({ error: 'must be a product id' }) }),
        body: updateProductSchema,
        response: { 200: adminProductSchema, 400: apiErrorSchema, 404: apiErrorSchema },
      },
    },
    async (request) =>
      orThrow(
        await app.useCases.updateProduct({ id: request.params.id, changes: request.body, actor: actorOf(request) }),
      ),
  );
};
