import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrationFromSchema, diffMigrationsToSchema, invalidMigrationNameReason } from './migrations-diff.ts';
import { migrationLockContent } from './migrations-directory.ts';

const SCHEMA = `datasource db {
  provider = "postgresql"
}

model Widget {
  id   Int    @id @default(autoincrement())
  name String
}
`;

describe('migrations from the schema, without a database server', () => {
  let dir: string;
  let schemaPath: string;
  let migrationsDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prisma-offline-'));
    schemaPath = join(dir, 'schema.prisma');
    migrationsDir = join(dir, 'migrations');
    await writeFile(schemaPath, SCHEMA);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the first migration and the lock file', async () => {
    const result = await createMigrationFromSchema({
      schemaPath,
      migrationsDir,
      name: 'init',
      now: new Date('2025-03-04T05:06:07Z'),
    });
    expect(result).toMatchObject({ status: 'created', directoryName: '20250304050607_init' });
    const sql = await readFile(join(migrationsDir, '20250304050607_init', 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "Widget"');
    expect(await readFile(join(migrationsDir, 'migration_lock.toml'), 'utf8')).toBe(migrationLockContent('postgresql'));
  });

  it('reports no changes, and creates nothing, when the migrations match the schema', async () => {
    expect(await diffMigrationsToSchema({ schemaPath, migrationsDir })).toBe('');
    const result = await createMigrationFromSchema({
      schemaPath,
      migrationsDir,
      name: 'again',
      now: new Date('2025-03-05T00:00:00Z'),
    });
    expect(result).toEqual({ status: 'no-changes' });
    expect(await readdir(migrationsDir)).toEqual(['20250304050607_init', 'migration_lock.toml']);
  });

  it('finds a schema change that has no migration yet', async () => {
    await writeFile(schemaPath, `${SCHEMA}\nmodel Gadget {\n  id Int @id\n}\n`);
    const sql = await diffMigrationsToSchema({ schemaPath, migrationsDir });
    expect(sql).toContain('CREATE TABLE "Gadget"');
    expect(sql).not.toContain('"Widget"');
  });

  it('refuses bad names and a migration that would sort before the latest', async () => {
    expect(invalidMigrationNameReason(undefined)).toMatch(/required/);
    expect(invalidMigrationNameReason('Add-Thing')).toMatch(/not a valid migration name/);
    expect(invalidMigrationNameReason('add_thing_2')).toBeUndefined();
    await expect(
      createMigrationFromSchema({ schemaPath, migrationsDir, name: 'late', now: new Date('2024-01-01T00:00:00Z') }),
    ).rejects.toThrow(/would not sort after/);
  });
});
