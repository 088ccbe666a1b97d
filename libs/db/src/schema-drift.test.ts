// schema.prisma and the committed migrations must describe the same database: after changing the schema, create a
// migration with `npm run db:migration -- <name>`. The check replays the migrations into an in-memory PGlite
// database and diffs it against the schema with Prisma's Wasm schema engine; no database server is needed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffMigrationsToSchema } from '@storepay/prisma-offline';
import { afterAll, describe, expect, it } from 'vitest';

const prismaDir = fileURLToPath(new URL('../prisma', import.meta.url));
const schemaPath = join(prismaDir, 'schema.prisma');
const migrationsDir = join(prismaDir, 'migrations');

describe('schema drift', () => {
  const tempDirs: string[] = [];

  afterAll(async () => {
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('the committed migrations produce exactly what schema.prisma describes', async () => {
    const sql = await diffMigrationsToSchema({ schemaPath, migrationsDir });
    expect(sql, 'schema.prisma has changes without a migration: run `npm run db:migration -- <name>`').toBe('');
  });

  it('reports a schema change that has no migration', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'storepay-drift-'));
    tempDirs.push(dir);
    const changedSchema = join(dir, 'schema.prisma');
    const probe = '\nmodel DriftProbe {\n  id Int @id\n\n  @@map("drift_probe")\n}\n';
    await writeFile(changedSchema, (await readFile(schemaPath, 'utf8')) + probe);

    const sql = await diffMigrationsToSchema({ schemaPath: changedSchema, migrationsDir });
    expect(sql).toContain('CREATE TABLE "drift_probe"');
  });
});
