// Catalog management over HTTP on PGlite and PostgreSQL: admins create, edit, price and deactivate products, audited;
// the shop shows each change at once, and no change alters an order placed before it.
import { describeEachDatabase, type TestDatabase } from '@storepay/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../app';
import { asStaff, createTestStaff, startAdminTestSystem, type AdminTestSystem, type TestStaff } from './test-kit';

describeEachDatabase('catalog management on $name', ({ name }) => {
  let system: AdminTestSystem;
  let db: TestDatabase;
  let app: App;
  let admin: TestStaff;
  let viewer: TestStaff;

  beforeAll(async () => {
    system = await startAdminTestSystem(name, { emulator: true });
    ({ db, app } = system);
    admin = await createTestStaff(app, 'admin');
    viewer = await createTestStaff(app, 'viewer');
  });

  afterAll(async () => {
    await system.close();
  });

  const shopProduct = async (slug: string) =>
    (await app.inject('/api/products'))
      .json<{ products: { id: string; slug: string; prices: { currency: string; unitAmount: number }[] }[] }>()
      .products.find((product) => product.slug === slug);
  const checkout = (productId: string, currency: string) =>
    app.inject({
      method: 'POST',
      url: '/api/checkout',
      payload: { items: [{ productId, quantity: 2 }], currency, email: 'buyer@example.com' },
    });

  it('creates a product the shop sells at once, and refuses bad prices and a taken slug field by field', async () => {
    const body = {
      slug: 'stoneware-bowl',
      name: 'Stoneware bowl',
      description: 'Glazed by hand.',
      prices: { usd: 2450, jpy: 3600 },
    };
    expect((await asStaff(app, viewer, { method: 'POST', url: '/api/admin/products', payload: body })).statusCode).toBe(
      403,
    );
    const created = await asStaff(app, admin, { method: 'POST', url: '/api/admin/products', payload: body });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'stoneware-bowl', active: true });
    expect((await shopProduct('stoneware-bowl'))?.prices).toEqual([
      { currency: 'jpy', unitAmount: 3600 },
      { currency: 'usd', unitAmount: 2450 },
    ]);

    const taken = await asStaff(app, admin, { method: 'POST', url: '/api/admin/products', payload: body });
    expect([taken.statusCode, taken.json().error.fields]).toEqual([409, { slug: 'is taken' }]);
    const bad = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/products',
      payload: { ...body, slug: 'Bad Slug', prices: { usd: 12.5, xyz: 100 } },
    });
    expect(bad.statusCode).toBe(400);
    // An unknown currency is named on `prices`; a price that is no whole number of minor units on its currency.
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['prices', 'prices.usd', 'slug']);
    expect(bad.json().error.fields['prices.usd']).toBe('must be a whole number of minor units');
    const free = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/products',
      payload: { ...body, slug: 'free-bowl', prices: {} },
    });
    expect([free.statusCode, free.json().error.fields]).toEqual([400, { prices: 'needs at least one price' }]);
    const audit = await db.prisma.auditLog.findMany({ where: { action: 'product.created' } });
    expect(audit).toEqual([expect.objectContaining({ actorId: admin.id, targetId: created.json().id })]);
  });

  it('changes a price without touching the orders placed before it; deactivated, the shop stops selling it', async () => {
    const created = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/products',
      payload: { slug: 'linen-napkin', name: 'Linen napkin', description: 'Four of them.', prices: { usd: 1200 } },
    });
    const id = created.json<{ id: string }>().id;
    const before = await checkout(id, 'usd');
    expect(before.statusCode).toBe(201);
    const orderId = before.json<{ orderId: string }>().orderId;

    const repriced = await asStaff(app, admin, {
      method: 'PATCH',
      url: `/api/admin/products/${id}`,
      payload: { prices: { usd: 1500, jpy: 2000 }, name: 'Linen napkins' },
    });
    expect(repriced.statusCode, repriced.body).toBe(200);
    expect((await shopProduct('linen-napkin'))?.prices).toEqual([
      { currency: 'jpy', unitAmount: 2000 },
      { currency: 'usd', unitAmount: 1500 },
    ]);
    // The earlier order keeps its total, item price and name.
    const order = await db.prisma.order.findUniqueOrThrow({ where: { id: orderId }, include: { items: true } });
    expect([order.amount, order.items[0]!.unitAmount, order.items[0]!.name]).toEqual([2400, 1200, 'Linen napkin']);
    expect((await app.inject(`/api/orders/${orderId}`)).json().amount).toBe(2400);
    // A new order pays the new price, in either currency.
    const after = await checkout(id, 'jpy');
    expect(after.statusCode).toBe(201);
    expect((await db.prisma.order.findUniqueOrThrow({ where: { id: after.json().orderId } })).amount).toBe(4000);

    const [entry] = await db.prisma.auditLog.findMany({ where: { action: 'product.updated', targetId: id } });
    expect(entry!.details).toMatchObject({
      changes: {
        name: { from: 'Linen napkin', to: 'Linen napkins' },
        'price.usd': { from: 1200, to: 1500 },
        'price.jpy': { from: null, to: 2000 },
      },
    });

    const off = await asStaff(app, admin, {
      method: 'PATCH',
      url: `/api/admin/products/${id}`,
      payload: { active: false },
    });
    expect(off.json().active).toBe(false);
    expect(await shopProduct('linen-napkin')).toBeUndefined();
    expect((await checkout(id, 'usd')).statusCode).toBe(400);
    // Staff still see it, inactive.
    const listed = (await asStaff(app, viewer, { url: '/api/admin/products' })).json<{
      products: { id: string; active: boolean }[];
    }>();
    expect(listed.products.find((product) => product.id === id)).toMatchObject({ active: false });
  });

  it('applies concurrent edits one after the other, each audited with what it replaced', async () => {
    const created = await asStaff(app, admin, {
      method: 'POST',
      url: '/api/admin/products',
      payload: { slug: 'tea-towel', name: 'Tea towel', description: 'Cotton.', prices: { eur: 900 } },
    });
    const id = created.json<{ id: string }>().id;
    const edits = await Promise.all(
      [1000, 1100, 1200, 1300].map((amount) =>
        asStaff(app, admin, {
          method: 'PATCH',
          url: `/api/admin/products/${id}`,
          payload: { prices: { eur: amount } },
        }),
      ),
    );
    expect(edits.map((edit) => edit.statusCode)).toEqual([200, 200, 200, 200]);
    const entries = await db.prisma.auditLog.findMany({
      where: { action: 'product.updated', targetId: id },
      orderBy: { id: 'asc' },
    });
    const chain = entries.map(
      (entry) => (entry.details as { changes: { 'price.eur': { from: number; to: number } } }).changes['price.eur'],
    );
    // Each edit replaced the one before it: the chain starts at 900 and ends at the price the shop shows.
    expect(chain[0]!.from).toBe(900);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.from).toBe(chain[i - 1]!.to);
    expect((await shopProduct('tea-towel'))?.prices).toEqual([{ currency: 'eur', unitAmount: chain.at(-1)!.to }]);
    const missing = await asStaff(app, admin, {
      method: 'PATCH',
      url: '/api/admin/products/00000000-0000-4000-8000-000000000000',
      payload: { name: 'x' },
    });
    expect(missing.statusCode).toBe(404);
  });
});
