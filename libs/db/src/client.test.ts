import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseLockedError, openDatabase } from './client';
import { createProductRepository } from './repositories/product-repository';
import { DEMO_CATALOG, seedCatalog, seedCatalogIfEmpty } from './seed';
import { createTestDatabase, prismaOf, describeEachDatabase } from './testing/test-database';

describe('embedded PGlite on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'storepay-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates a new folder, keeps data across a restart, and refuses a second process', async () => {
    const dataDir = join(dir, 'pglite');
    const first = await openDatabase({ dataDir });
    expect(await seedCatalogIfEmpty(first)).toBe(true);
    await first.close();

    const second = await openDatabase({ dataDir });
    expect(await seedCatalogIfEmpty(second)).toBe(false);
    expect(await prismaOf(second).product.count()).toBe(DEMO_CATALOG.length);

    // Another live process holding the lock is refused with a clear error.
    await second.close();
    writeFileSync(`${dataDir}.lock`, String(process.ppid));
    await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DatabaseLockedError);
    // A lock left by a process that is gone is taken over.
    writeFileSync(`${dataDir}.lock`, '999999999');
    const third = await openDatabase({ dataDir });
    expect(await prismaOf(third).product.count()).toBe(DEMO_CATALOG.length);
    await third.close();
  });
});

describeEachDatabase('database on $name', ({ name }) => {
  it('seeds idempotently and lists the catalog with prices per currency', async () => {
    const db = await createTestDatabase(name);
    try {
      await seedCatalog(db);
      await seedCatalog(db);
      const products = await createProductRepository(db.prisma).listActive();
      expect(products).toHaveLength(DEMO_CATALOG.length);
      const kettle = products.find((p) => p.slug === 'gooseneck-kettle');
      expect(kettle?.prices).toEqual([
        { currency: 'eur', unitAmount: 6500 },
        { currency: 'jpy', unitAmount: 9800 },
        { currency: 'usd', unitAmount: 6900 },
      ]);
      await db.prisma.product.update({ where: { slug: 'linen-apron' }, data: { active: false } });
      expect((await createProductRepository(db.prisma).listActive()).map((p) => p.slug)).not.toContain('linen-apron');
    } finally {
      await db.destroy();
    }
  });

  it('keeps the audit log append-only', async () => {
    const db = await createTestDatabase(name);
    try {
      const entry = await db.prisma.auditLog.create({
        data: { action: 'test.created', targetType: 'test', details: { ok: true } },
      });
      await expect(
        db.prisma.auditLog.update({ where: { id: entry.id }, data: { action: 'tampered' } }),
      ).rejects.toThrow(/append-only/);
      await expect(db.prisma.auditLog.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/);
      expect((await db.prisma.auditLog.findUniqueOrThrow({ where: { id: entry.id } })).action).toBe('test.created');
    } finally {
      await db.destroy();
    }
  });
});
