// Schema drift and migration authoring without a database server: the committed migrations are replayed into an
// in-memory PGlite shadow database and compared with the Prisma schema by the Wasm schema engine.
import { resolve } from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { createPgliteMemoryAdapterFactory } from './adapters/pglite-factory.ts';
import {
  migrationTimestamp,
  readMigrationsDirectory,
  withLockfileFallback,
  writeMigration,
} from './migrations-directory.ts';
import type { SchemaFile } from './schema-files.ts';
import { datasourceProvider, readSchemaFiles } from './schema-files.ts';
import { createSchemaEngine } from './wasm-schema-engine.ts';

export const POSTGRESQL_PROVIDERS = new Set(['postgresql', 'postgres']);

const NO_FILTERS = { externalTables: [], externalEnums: [] };

export interface DiffMigrationsToSchemaOptions {
  /** schema.prisma, or a folder of .prisma files. */
  schemaPath: string;
  /** The migrations directory (may be missing or empty). */
  migrationsDir: string;
}

function requirePostgres(files: SchemaFile[]): string {
  const provider = datasourceProvider(files);
  if (!provider || !POSTGRESQL_PROVIDERS.has(provider)) {
    throw new Error(`prisma-offline supports the postgresql provider only; the schema says ${provider ?? 'nothing'}.`);
  }
  return provider;
}

async function diffToSchema(files: SchemaFile[], migrations: MigrationList): Promise<string> {
  const factory = createPgliteMemoryAdapterFactory();
  const engine = await createSchemaEngine({
    datamodels: files.map((file) => [file.path, file.content]),
    adapterFactory: factory,
  });
  try {
    const result = await engine.diff({
      from: { tag: 'migrations', ...migrations },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    // With exitCode set, the engine answers 2 when there is a difference and 0 when there is none.
    return result.exitCode === 0 ? '' : (result.stdout ?? '');
  } finally {
    engine.free();
    await factory.close();
  }
}

/**
 * The SQL that takes a database migrated with every migration in `migrationsDir` to `schemaPath`; '' when they
 * are in sync. Needs no database server (PGlite `memory://` is the shadow database).
 */
export async function diffMigrationsToSchema(options: DiffMigrationsToSchemaOptions): Promise<string> {
  const files = await readSchemaFiles(options.schemaPath);
  const provider = requirePostgres(files);
  const migrations = withLockfileFallback(await readMigrationsDirectory(resolve(options.migrationsDir)), provider);
  return diffToSchema(files, migrations);
}

const MIGRATION_NAME = /^[a-z][a-z0-9_]*$/;
const MAX_MIGRATION_NAME_LENGTH = 200;

/** Why `name` cannot name a migration, or undefined when it can. */
export function invalidMigrationNameReason(name: string | undefined): string | undefined {
  if (!name) return 'A migration name is required, e.g. add_refund_notes.';
  if (!MIGRATION_NAME.test(name)) {
    return `"${name}" is not a valid migration name: use lower-case letters, digits and underscores, starting with a letter (e.g. add_refund_notes).`;
  }
  if (name.length > MAX_MIGRATION_NAME_LENGTH)
    return `A migration name has at most ${MAX_MIGRATION_NAME_LENGTH} characters.`;
  return undefined;
}

export interface CreateMigrationOptions extends DiffMigrationsToSchemaOptions {
  /** snake_case; the directory is `<UTC timestamp>_<name>`. */
  name: string;
  /** The moment that names the migration; defaults to now. */
  now?: Date;
}

export type CreateMigrationResult =
  { status: 'created'; directoryName: string; directory: string; script: string } | { status: 'no-changes' };

/**
 * Writes `<timestamp>_<name>/migration.sql` with the SQL from the migrations to the schema, and keeps
 * migration_lock.toml right. Creates nothing when they are in sync. Like `diff`, this reports no data-loss
 * warnings: review the SQL before committing it.
 */
export async function createMigrationFromSchema(options: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const reason = invalidMigrationNameReason(options.name);
  if (reason) throw new Error(reason);
  const migrationsDir = resolve(options.migrationsDir);
  const files = await readSchemaFiles(options.schemaPath);
  const provider = requirePostgres(files);
  const migrations = withLockfileFallback(await readMigrationsDirectory(migrationsDir), provider);
  const directoryName = `${migrationTimestamp(options.now ?? new Date())}_${options.name}`;
  const latest = migrations.migrationDirectories.at(-1)?.path;
  if (latest && latest.localeCompare(directoryName) >= 0) {
    throw new Error(
      `The new migration ${directoryName} would not sort after the latest one, ${latest}. Try again in a second.`,
    );
  }
  const script = await diffToSchema(files, migrations);
  if (!script) return { status: 'no-changes' };
  const directory = await writeMigration({ migrationsDir, directoryName, script, provider: 'postgresql' });
  return { status: 'created', directoryName, directory, script };
}
