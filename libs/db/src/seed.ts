import type { CurrencyCode } from '@storepay/payments-core';
import { connectionOf, type Database } from './client';

interface SeedProduct {
  slug: string;
  name: string;
  description: string;
  imageUrl: string | null;
  /** Minor units per currency: USD/EUR cents, JPY whole yen. */
  prices: Partial<Record<CurrencyCode, number>>;
}

/** The demo catalog: every product priced in USD, EUR and JPY. */
export const DEMO_CATALOG: readonly SeedProduct[] = [
  {
    slug: 'ceramic-pour-over',
    name: 'Ceramic Pour-Over Dripper',
    description: 'Hand-glazed stoneware dripper for a clean, bright cup.',
    imageUrl: null,
    prices: { usd: 3400, eur: 3200, jpy: 4800 },
  },
  {
    slug: 'single-origin-beans',
    name: 'Single-Origin Beans, 250 g',
    description: 'Washed Ethiopian Yirgacheffe, roasted light on Mondays.',
    imageUrl: null,
    prices: { usd: 1850, eur: 1700, jpy: 2600 },
  },
  {
    slug: 'gooseneck-kettle',
    name: 'Gooseneck Kettle',
    description: 'Stainless steel, 0.9 l, with a thermometer in the lid.',
    imageUrl: null,
    prices: { usd: 6900, eur: 6500, jpy: 9800 },
  },
  {
    slug: 'linen-apron',
    name: 'Linen Apron',
    description: 'Washed linen with leather straps and two deep pockets.',
    imageUrl: null,
    prices: { usd: 5200, eur: 4900, jpy: 7400 },
  },
  {
    slug: 'tasting-notebook',
    name: 'Tasting Notebook',
    description: 'Eighty pages of cupping forms, flavour wheel inside the cover.',
    imageUrl: null,
    prices: { usd: 1200, eur: 1100, jpy: 1500 },
  },
  {
    slug: 'burr-grinder',
    name: 'Hand Burr Grinder',
    description: 'Conical steel burrs, 40 click settings, from espresso to cold brew.',
    imageUrl: null,
    prices: { usd: 12900, eur: 11900, jpy: 18500 },
  },
];

/**
 * Upserts the demo catalog by slug: running it twice changes nothing, and it never touches orders.
 * Returns how many products it wrote.
 */
export async function seedCatalog(db: Database, catalog: readonly SeedProduct[] = DEMO_CATALOG): Promise<number> {
  const { prisma } = connectionOf(db);
  for (const item of catalog) {
    const prices = Object.entries(item.prices).map(([currency, unitAmount]) => ({ currency, unitAmount: unitAmount }));
    await prisma.$transaction(async (tx) => {
      const product = await tx.product.upsert({
        where: { slug: item.slug },
        create: { slug: item.slug, name: item.name, description: item.description, imageUrl: item.imageUrl },
        update: { name: item.name, description: item.description, imageUrl: item.imageUrl, active: true },
      });
      for (const price of prices) {
        await tx.productPrice.upsert({
          where: { productId_currency: { productId: product.id, currency: price.currency } },
          create: { productId: product.id, ...price },
          update: { unitAmount: price.unitAmount },
        });
      }
    });
  }
  return catalog.length;
}

/** Seeds the catalog only when there is none: used at start in demo mode so a fresh clone has something to sell. */
export async function seedCatalogIfEmpty(db: Database): Promise<boolean> {
  if ((await connectionOf(db).prisma.product.count()) > 0) return false;
  await seedCatalog(db);
  return true;
}
