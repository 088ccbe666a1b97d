import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed migrations, in the order Prisma applies them (by folder name). */
export interface Migration {
  name: string;
  sql: string;
  /** sha256 of migration.sql, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** The minimal SQL surface the applier needs; PGlite and node-postgres both provide it through small adapters. */
export interface SqlRunner {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction, with a runner bound to it. */
  transaction<T>(fn: (tx: SqlRunner & { exec(sql: string): Promise<void> }) => Promise<T>): Promise<T>;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function defaultMigrationsDir(): string {
  return process.env.MIGRATIONS_DIR ?? fileURLToPath(new URL('../prisma/migrations', import.meta.url));
}

export function readMigrations(dir = defaultMigrationsDir()): Migration[] {
  if (!existsSync(dir)) throw new MigrationError(`migrations folder not found: ${dir} (set MIGRATIONS_DIR)`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

// Same table Prisma Migrate keeps, so `prisma migrate status|deploy` agree with what this applier did.
const BOOKKEEPING_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

async function appliedMigrations(db: SqlRunner): Promise<Map<string, AppliedRow>> {
  const exists = await db.query<{ present: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
  );
  if (!exists[0]?.present) return new Map();
  const rows = await db.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  return new Map(rows.map((row) => [row.migration_name, row]));
}

function verifyHistory(migrations: Migration[], applied: Map<string, AppliedRow>): void {
  for (const [name, row] of applied) {
    if (!row.finished_at)
      throw new MigrationError(`migration ${name} failed earlier; resolve it with prisma migrate resolve`);
    const local = migrations.find((m) => m.name === name);
    if (!local)
      throw new MigrationError(`migration ${name} is applied to the database but missing from the migrations folder`);
    if (local.checksum !== row.checksum)
      throw new MigrationError(`migration ${name} was modified after it was applied`);
  }
}

/** Names of committed migrations the database has not applied yet (after checking the applied ones are intact). */
export async function pendingMigrations(db: SqlRunner, migrations = readMigrations()): Promise<string[]> {
  const applied = await appliedMigrations(db);
  verifyHistory(migrations, applied);
  return migrations.filter((m) => !applied.has(m.name)).map((m) => m.name);
}

/**
 * Applies pending migrations, each in its own transaction, recording them as Prisma Migrate does.
 * Returns the names applied. Safe to call on every start.
 */
export async function applyMigrations(db: SqlRunner, migrations = readMigrations()): Promise<string[]> {
  await db.transaction(async (tx) => tx.exec(BOOKKEEPING_TABLE));
  const pending = new Set(await pendingMigrations(db, migrations));
  const done: string[] = [];
  for (const migration of migrations.filter((m) => pending.has(m.name))) {
    await db.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
    });
    done.push(migration.name);
  }
  return done;
}
