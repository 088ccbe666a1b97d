import { parseCurrency, type Product } from '@storepay/payments-core';
import type { PrismaClient } from '../generated/prisma/client.ts';

export interface ProductRepository {
  /** Active products with their prices, in catalog order (name). Prices in unknown currencies are left out. */
  listActive(): Promise<Product[]>;
}

export function createProductRepository(prisma: PrismaClient): ProductRepository {
  return {
    async listActive() {
      const rows = await prisma.product.findMany({
        where: { active: true },
        include: { prices: { orderBy: { currency: 'asc' } } },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      });
      return rows.map((row) => ({
        id: row.id,
        slug: row.slug,
        name: row.name,
        description: row.description,
        imageUrl: row.imageUrl,
        prices: row.prices.flatMap((price) => {
          const currency = parseCurrency(price.currency);
          return currency ? [{ currency, unitAmount: price.unitAmount }] : [];
        }),
      }));
    },
  };
}
