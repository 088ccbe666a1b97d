import { isUuid, parseCurrency, type CatalogEntry, type Product } from '@storepay/payments-core';
import type { PrismaClient } from '../generated/prisma/client.ts';

export interface ProductRepository {
  /** Active products with their prices, in catalog order (name). Prices in unknown currencies are left out. */
  listActive(): Promise<Product[]>;
  /** The catalog facts pricing needs for these product ids (unknown ids are simply absent). */
  catalogEntries(productIds: readonly string[]): Promise<Map<string, CatalogEntry>>;
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

    async catalogEntries(productIds) {
      const rows = await prisma.product.findMany({
        where: { id: { in: productIds.filter(isUuid) } },
        include: { prices: true },
      });
      return new Map(
        rows.map((row) => [
          row.id,
          {
            productId: row.id,
            name: row.name,
            active: row.active,
            prices: Object.fromEntries(
              row.prices.flatMap((p) => {
                const currency = parseCurrency(p.currency);
                return currency ? [[currency, p.unitAmount]] : [];
              }),
            ),
          },
        ]),
      );
    },
  };
}
