// Catalog management: admins create products, edit them, deactivate them, and set a price per currency. Every change
// is audited with what it was before. An order keeps the names and unit prices it was placed with (its items are a
// snapshot), so no change here ever alters an existing order; the shop reads the catalog on every request, so it
// shows a change at once.
import type { Actor, ProductChange, ProductRepository, StoredProduct } from '@storepay/db';
import {
  err,
  ok,
  parseCurrency,
  type AdminProduct,
  type CreateProductRequest,
  type CurrencyCode,
  type Result,
  type UpdateProductRequest,
} from '@storepay/payments-core';
import { auditBy } from './ports';
import { notFound, type NotFound, type RefusalOf } from './refusals';

export interface CatalogPorts {
  products: Pick<ProductRepository, 'listAll' | 'create' | 'update'>;
}

export const adminProductView = (product: StoredProduct): AdminProduct => ({
  id: product.id,
  slug: product.slug,
  name: product.name,
  description: product.description,
  imageUrl: product.imageUrl,
  active: product.active,
  prices: product.prices,
  createdAt: product.createdAt.toISOString(),
  updatedAt: product.updatedAt.toISOString(),
});

/** Every product, inactive ones too. */
export async function listCatalog(ports: CatalogPorts): Promise<AdminProduct[]> {
  return (await ports.products.listAll()).map(adminProductView);
}

const priceMap = (product: StoredProduct) =>
  Object.fromEntries(product.prices.map((price) => [price.currency, price.unitAmount])) as Partial<
    Record<CurrencyCode, number>
  >;

/** A new product: at least one price (a product without one could never be bought). */
export async function createProduct(
  ports: CatalogPorts,
  { product, actor }: { product: CreateProductRequest; actor: Actor },
): Promise<Result<AdminProduct, RefusalOf<'slug_taken'> | RefusalOf<'invalid_product'>>> {
  const prices = Object.entries(product.prices).flatMap(([code, unitAmount]) => {
    const currency = parseCurrency(code);
    return currency && unitAmount !== null && unitAmount !== undefined ? [{ currency, unitAmount }] : [];
  });
  if (prices.length === 0)
    return err({ kind: 'invalid_product', field: 'prices', problem: 'needs at least one price' });
  const created = await ports.products.create(
    {
      slug: product.slug,
      name: product.name,
      description: product.description,
      imageUrl: product.imageUrl ?? null,
      prices,
    },
    (made) =>
      auditBy(actor, {
        action: 'product.created',
        targetType: 'product',
        targetId: made.id,
        details: { slug: made.slug, name: made.name, active: made.active, prices: priceMap(made) },
      }),
  );
  return created ? ok(adminProductView(created)) : err({ kind: 'slug_taken' });
}

/**
 * Changes a product: its texts, whether the shop sells it, and its prices (set one, remove one). The audit entry
 * holds each changed field before and after. A change that changes nothing is not written.
 */
export async function updateProduct(
  ports: CatalogPorts,
  { id, changes, actor }: { id: string; changes: UpdateProductRequest; actor: Actor },
): Promise<Result<AdminProduct, NotFound | RefusalOf<'invalid_product'>>> {
  type Refused = RefusalOf<'invalid_product'> | 'unchanged';
  const updated = await ports.products.update<Refused>(id, (before) => {
    const current = priceMap(before);
    const change: ProductChange = {};
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of ['name', 'description', 'imageUrl', 'active'] as const) {
      const next = changes[field];
      if (next !== undefined && next !== before[field]) {
        Object.assign(change, { [field]: next });
        diff[field] = { from: before[field], to: next };
      }
    }
    const prices: Partial<Record<CurrencyCode, number | null>> = {};
    for (const [code, unitAmount] of Object.entries(changes.prices ?? {})) {
      const currency = parseCurrency(code)!;
      if (unitAmount === undefined || (current[currency] ?? null) === unitAmount) continue;
      prices[currency] = unitAmount;
      diff[`price.${currency}`] = { from: current[currency] ?? null, to: unitAmount };
    }
    const left = Object.keys({ ...current, ...prices }).filter((code) => {
      const currency = code as CurrencyCode;
      return (currency in prices ? prices[currency] : current[currency]) != null;
    });
    if (left.length === 0)
      return {
        kind: 'refuse',
        refusal: { kind: 'invalid_product' as const, field: 'prices', problem: 'cannot remove the last price' },
      };
    if (Object.keys(prices).length > 0) change.prices = prices;
    if (Object.keys(diff).length === 0) return { kind: 'refuse', refusal: 'unchanged' };
    return {
      kind: 'change',
      change,
      audit: (after) =>
        auditBy(actor, {
          action: 'product.updated',
          targetType: 'product',
          targetId: after.id,
          details: { slug: after.slug, changes: diff },
        }),
    };
  });
  if (updated.kind === 'not_found') return err(notFound('product'));
  if (updated.kind === 'refused') {
    // Nothing to change: the product as it is, and no audit entry.
    return updated.refusal === 'unchanged' ? ok(adminProductView(updated.before)) : err(updated.refusal);
  }
  return ok(adminProductView(updated.after));
}
