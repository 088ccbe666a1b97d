import { createProductRepository, type ProductRepository } from '@storepay/db';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    products: ProductRepository;
  }
}

export const repositoriesPlugin = fp(
  async (app) => {
    app.decorate('products', createProductRepository(app.db.prisma));
  },
  { name: 'repositories', dependencies: ['database'] },
);
