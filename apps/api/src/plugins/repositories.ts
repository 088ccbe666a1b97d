import {
  createOrderRepository,
  createProductRepository,
  type OrderRepository,
  type ProductRepository,
} from '@storepay/db';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    products: ProductRepository;
    orders: OrderRepository;
  }
}

export const repositoriesPlugin = fp(
  async (app) => {
    app.decorate('products', createProductRepository(app.db.prisma));
    app.decorate('orders', createOrderRepository(app.db.prisma));
  },
  { name: 'repositories', dependencies: ['database'] },
);
