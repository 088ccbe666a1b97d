import { productListSchema } from '@storepay/payments-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const productRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/products', { schema: { response: { 200: productListSchema } } }, async () => ({
    products: await app.useCases.listProducts(),
  }));
};
