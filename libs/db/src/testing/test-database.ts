import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import { connectionOf, openDatabase, withConnection, type Database } from '../client';
import type { PrismaClient } from '../generated/prisma/client.ts';

export type TestDatabaseTarget = 'pglite' | 'postgresql';

/**
 * Whether the PostgreSQL variants of the integration tests can run (TEST_DATABASE_URL is set). The races they prove
 * (row locks, SKIP LOCKED, concurrent requests) only race on PostgreSQL: with CI set and no TEST_DATABASE_URL this
 * throws, so CI can never pass without them.
 */
export function postgresqlTestsEnabled(): boolean {
  if (process.env.TEST_DATABASE_URL) return true;
  if (process.env.CI) {
    throw new Error('CI is set but TEST_DATABASE_URL is not: the integration tests must run on PostgreSQL too');
  }
  return false;
}

/**
 * Declares `suite` once per database: on a throw-away PGlite always, and on PostgreSQL when it is available,
 * otherwise reported as skipped (never dropped silently). `$name` in the title names the database.
 */
export function describeEachDatabase(title: string, suite: (target: { name: TestDatabaseTarget }) => void): void {
  for (const name of ['pglite', 'postgresql'] as const) {
    const run = name === 'pglite' || postgresqlTestsEnabled();
    describe.skipIf(!run)(title.replaceAll('$name', `'${name}'`), () => suite({ name }));
  }
}

/**
 * A database for one test file. Tests may read and arrange rows through `prisma` (assertions, fixtures); the code
 * under test only ever gets the `Database` and the repositories built from it.
 */
export interface TestDatabase extends Database {
  readonly prisma: PrismaClient;
  /** Closes the database and drops it (PostgreSQL). */
  destroy(): Promise<void>;
}

/** The Prisma client behind a database, for tests and benchmarks that arrange or inspect rows. */
export function prismaOf(db: Database): PrismaClient {
  return connectionOf(db).prisma;
}

function testDatabase(db: Database, destroy: () => Promise<void>): TestDatabase {
  const connection = connectionOf(db);
  return withConnection(
    {
      kind: db.kind,
      ping: () => db.ping(),
      subscribe: (channel, listener) => db.subscribe(channel, listener),
      close: () => db.close(),
      prisma: connection.prisma,
      destroy,
    },
    connection,
  );
}

/**
 * A fresh, fully migrated database for one test file: PGlite in memory, or a new PostgreSQL database created next to
 * the one TEST_DATABASE_URL names (so parallel test files never share state).
 */
export async function createTestDatabase(target: TestDatabaseTarget): Promise<TestDatabase> {
  if (target === 'pglite') {
    const db = await openDatabase({ dataDir: 'memory://', migrate: true });
    return testDatabase(db, () => db.close());
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `storepay_t_${randomBytes(6).toString('hex')}`;
  const url = new URL(base);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), migrate: true, poolSize: 4 });
  return testDatabase(db, async () => {
    await db.close();
    const cleanup = new pg.Client({ connectionString: base });
    await cleanup.connect();
    // Pools close their sockets asynchronously: wait for them to go, so FORCE does not kill a connection a client
    // still holds (that surfaces as an unhandled 57P01 in the test process).
    for (let i = 0; i < 40; i++) {
      const { rows } = await cleanup.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [
        name,
      ]);
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  });
}
