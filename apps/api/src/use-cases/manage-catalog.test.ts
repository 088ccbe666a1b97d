import { randomUUID } from 'node:crypto';
import type { AuditEntry, ProductRepository, StoredProduct } from '@storepay/db';
import { describe, expect, it } from 'vitest';
import { createProduct, listCatalog, updateProduct } from './manage-catalog';

const actor = { id: 'admin-1', email: 'admin@shop.test', ip: '10.0.0.1' };

/** Products in memory, as ProductRepository promises them: unique slugs, audit written with the change. */
function inMemoryProducts() {
  const rows = new Map<string, StoredProduct>();
  const audit: AuditEntry[] = [];
  const products: Pick<ProductRepository, 'listAll' | 'create' | 'update'> = {
    listAll: async () => [...rows.values()],
    async create(product, auditFor) {
      if ([...rows.values()].some((row) => row.slug === product.slug)) return null;
      const at = new Date();
      const made = { ...product, id: randomUUID(), active: true, createdAt: at, updatedAt: at };
      rows.set(made.id, made);
      audit.push(auditFor(made));
      return made;
    },
    async update(id, decide) {
      const before = rows.get(id);
      if (!before) return { kind: 'not_found' };
      const decision = decide(before);
      if (decision.kind === 'refuse') return { kind: 'refused', refusal: decision.refusal, before };
      const { prices, ...fields } = decision.change;
      const map = new Map(before.prices.map((price) => [price.currency, price.unitAmount]));
      for (const [currency, amount] of Object.entries(prices ?? {})) {
        if (amount === null) map.delete(currency as never);
        else if (amount !== undefined) map.set(currency as never, amount);
      }
      const after: StoredProduct = {
        ...before,
        ...fields,
        prices: [...map].map(([currency, unitAmount]) => ({ currency, unitAmount })),
        updatedAt: new Date(),
      };
      rows.set(id, after);
      audit.push(decision.audit(after));
      return { kind: 'updated', before, after };
    },
  };
  return { products, audit, rows };
}

const mug = { slug: 'mug', name: 'Mug', description: 'A mug.', prices: { usd: 1800, jpy: 2400 } };

describe('catalog management', () => {
  it('creates a product with its prices, audited; a taken slug or no price is refused', async () => {
    const { products, audit } = inMemoryProducts();
    const created = await createProduct({ products }, { product: mug, actor });
    expect(created).toMatchObject({
      ok: true,
      value: {
        slug: 'mug',
        active: true,
        prices: [
          { currency: 'usd', unitAmount: 1800 },
          { currency: 'jpy', unitAmount: 2400 },
        ],
      },
    });
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'product.created',
        actorId: 'admin-1',
        details: expect.objectContaining({ prices: { usd: 1800, jpy: 2400 } }),
      }),
    ]);
    expect(await createProduct({ products }, { product: mug, actor })).toEqual({
      ok: false,
      error: { kind: 'slug_taken' },
    });
    expect(await createProduct({ products }, { product: { ...mug, slug: 'free', prices: {} }, actor })).toMatchObject({
      ok: false,
      error: { kind: 'invalid_product', field: 'prices' },
    });
    expect(await listCatalog({ products })).toHaveLength(1);
  });

  it('changes texts, prices and activity, audited with each field before and after', async () => {
    const { products, audit } = inMemoryProducts();
    const created = await createProduct({ products }, { product: mug, actor });
    const id = created.ok ? created.value.id : '';
    const updated = await updateProduct(
      { products },
      { id, changes: { name: 'Big mug', active: false, prices: { usd: 2000, jpy: null, eur: 1700 } }, actor },
    );
    expect(updated).toMatchObject({ ok: true, value: { name: 'Big mug', active: false } });
    expect(updated.ok && updated.value.prices).toEqual([
      { currency: 'usd', unitAmount: 2000 },
      { currency: 'eur', unitAmount: 1700 },
    ]);
    expect(audit.at(-1)).toMatchObject({
      action: 'product.updated',
      targetId: id,
      details: {
        changes: {
          name: { from: 'Mug', to: 'Big mug' },
          active: { from: true, to: false },
          'price.usd': { from: 1800, to: 2000 },
          'price.jpy': { from: 2400, to: null },
          'price.eur': { from: null, to: 1700 },
        },
      },
    });
  });

  it('writes nothing for a change that changes nothing, and never removes the last price', async () => {
    const { products, audit } = inMemoryProducts();
    const created = await createProduct({ products }, { product: { ...mug, prices: { usd: 1800 } }, actor });
    const id = created.ok ? created.value.id : '';
    const same = await updateProduct({ products }, { id, changes: { name: 'Mug', prices: { usd: 1800 } }, actor });
    expect(same).toMatchObject({ ok: true, value: { name: 'Mug' } });
    expect(audit).toHaveLength(1);
    expect(await updateProduct({ products }, { id, changes: { prices: { usd: null } }, actor })).toMatchObject({
      ok: false,
      error: { kind: 'invalid_product', field: 'prices', problem: 'cannot remove the last price' },
    });
    expect(await updateProduct({ products }, { id: randomUUID(), changes: { name: 'x' }, actor })).toMatchObject({
      ok: false,
      error: { kind: 'not_found', what: 'product' },
    });
  });
});
