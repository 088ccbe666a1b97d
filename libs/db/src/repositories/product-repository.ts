import { isUuid, parseCurrency, type CatalogEntry, type CurrencyCode, type Product } from '@storepay/payments-core';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit, type AuditEntry } from './audit-repository';

/** A product as staff manage it, inactive ones included. */
export interface StoredProduct extends Product {
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewProduct {
  slug: string;
  name: string;
  description: string;
  imageUrl: string | null;
  prices: { currency: CurrencyCode; unitAmount: number }[];
}

/** What an update writes: the fields that change, and prices set (a number) or removed (null) by currency. */
export interface ProductChange {
  name?: string;
  description?: string;
  imageUrl?: string | null;
  active?: boolean;
  prices?: Partial<Record<CurrencyCode, number | null>>;
}

/** The use case's decision on a product read under its row lock. */
export type ProductDecision<R> =
  | { kind: 'refuse'; refusal: R }
  | { kind: 'change'; change: ProductChange; audit: (after: StoredProduct) => AuditEntry };

export interface ProductRepository {
  /** Active products with their prices, in catalog order (name). Prices in unknown currencies are left out. */
  listActive(): Promise<Product[]>;
  /** The catalog facts pricing needs for these product ids (unknown ids are simply absent). */
  catalogEntries(productIds: readonly string[]): Promise<Map<string, CatalogEntry>>;
  /** Every product, inactive ones too, in catalog order (name). */
  listAll(): Promise<StoredProduct[]>;
  /** Creates a product with its prices and its audit entry in one transaction; null when the slug is taken. */
  create(product: NewProduct, audit: (created: StoredProduct) => AuditEntry): Promise<StoredProduct | null>;
  /**
   * Changes a product under its row lock (concurrent edits apply one after the other), as `decide` says on the row
   * it read, with its audit entry in the same transaction.
   */
  update<R>(
    id: string,
    decide: (before: StoredProduct) => ProductDecision<R>,
  ): Promise<
    | { kind: 'not_found' }
    | { kind: 'refused'; refusal: R; before: StoredProduct }
    | { kind: 'updated'; before: StoredProduct; after: StoredProduct }
  >;
}

type ProductRow = {
  id: string;
  slug: string;
  name: string;
  description: string;
  imageUrl: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  prices: { currency: string; unitAmount: number }[];
};

const withPrices = { prices: { orderBy: { currency: 'asc' as const } } };

function storedProduct(row: ProductRow): StoredProduct {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    imageUrl: row.imageUrl,
    active: row.active,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    prices: row.prices.flatMap((price) => {
      const currency = parseCurrency(price.currency);
      return currency ? [{ currency, unitAmount: price.unitAmount }] : [];
    }),
  };
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

    async listAll() {
      const rows = await prisma.product.findMany({ include: withPrices, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
      return rows.map(storedProduct);
    },

    async create(product, audit) {
      try {
        return await prisma.$transaction(async (tx) => {
          const row = await tx.product.create({
            data: {
              slug: product.slug,
              name: product.name,
              description: product.description,
              imageUrl: product.imageUrl,
              prices: { create: product.prices },
            },
            include: withPrices,
          });
          const created = storedProduct(row);
          await appendAudit(tx, audit(created));
          return created;
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') return null;
        throw error;
      }
    },

    async update(id, decide) {
      if (!isUuid(id)) return { kind: 'not_found' };
      return prisma.$transaction(async (tx) => {
        const locked = await tx.$queryRaw<
          { id: string }[]
        >`SELECT id::text AS id FROM products WHERE id = ${id}::uuid FOR UPDATE`;
        if (locked.length === 0) return { kind: 'not_found' as const };
        const before = storedProduct(await tx.product.findUniqueOrThrow({ where: { id }, include: withPrices }));
        const decision = decide(before);
        if (decision.kind === 'refuse') return { kind: 'refused' as const, refusal: decision.refusal, before };
        const { prices, ...fields } = decision.change;
        for (const [currency, unitAmount] of Object.entries(prices ?? {})) {
          if (unitAmount === null) await tx.productPrice.deleteMany({ where: { productId: id, currency } });
          else if (unitAmount !== undefined)
            await tx.productPrice.upsert({
              where: { productId_currency: { productId: id, currency } },
              create: { productId: id, currency, unitAmount },
              update: { unitAmount },
            });
        }
        // Always touched: a price change is a change of the product (its updated_at says when).
        const row = await tx.product.update({
          where: { id },
          data: { ...fields, updatedAt: new Date() },
          include: withPrices,
        });
        const after = storedProduct(row);
        await appendAudit(tx, decision.audit(after));
        return { kind: 'updated' as const, before, after };
      });
    },
  };
}
