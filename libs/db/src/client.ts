import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { applyMigrations, MigrationError, pendingMigrations, readMigrations, type SqlRunner } from './migrations';
import { tracedQuery } from './tracing';

export type DatabaseKind = 'pglite' | 'postgresql';

export interface DatabaseOptions {
  /** PostgreSQL connection string; unset means the embedded PGlite database. */
  url?: string;
  /** Where PGlite keeps its files; `memory://` for a throw-away database. Default: `pgliteDir()`. */
  dataDir?: string;
  /**
   * Apply pending migrations on open. Default: true for PGlite (zero-configuration demo), false for PostgreSQL,
   * where `npm run db:migrate` is an explicit deploy step and opening a database that lacks migrations fails.
   */
  migrate?: boolean;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number;
}

/**
 * What the database announces (PostgreSQL's LISTEN/NOTIFY): `webhook_inbox`, once per statement that added events to
 * the inbox, when it commits (a trigger: the `webhook_inbox_notify` migration).
 */
export type NotificationChannel = 'webhook_inbox';

/** Stops a subscription; resolves once nothing more is delivered. */
export type Unsubscribe = () => Promise<void>;

/**
 * An open database, as apps see it: what it is, whether it answers, and how to close it. Everything else goes
 * through the repositories `createRepositories(db)` builds; the Prisma client never leaves this library.
 */
export interface Database {
  readonly kind: DatabaseKind;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /**
   * Calls `listener` whenever `channel` is notified, from any process using this database. A hint, never the only
   * way work is found: on PostgreSQL a dedicated connection LISTENs and, when it is lost (a restart), reconnects
   * every second and then calls `listener` once, since notifications sent meanwhile are gone.
   */
  subscribe(channel: NotificationChannel, listener: () => void): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/** What this library's repositories use: the Prisma client and the driver itself. Never exported to apps. */
export interface Connection {
  prisma: PrismaClient;
  /**
   * Runs one parameterised statement on the driver directly (node-postgres or PGlite), bypassing Prisma: for the few
   * hot paths where Prisma's per-query overhead matters (webhook ingest). Returns the rows it returns.
   */
  query: <T>(sql: string, params: unknown[]) => Promise<T[]>;
}

const connections = new WeakMap<Database, Connection>();

/** Makes `database` one this library knows how to reach (see `connectionOf`). */
export function withConnection<D extends Database>(database: D, connection: Connection): D {
  connections.set(database, connection);
  return database;
}

/** The connection behind a database this library opened; throws for any other object. */
export function connectionOf(database: Database): Connection {
  const connection = connections.get(database);
  if (!connection) throw new Error('this database was not opened by @storepay/db');
  return connection;
}

export class DatabaseLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `the embedded database in ${dataDir} is in use by process ${pid}; stop it first (or set DATABASE_URL to use PostgreSQL)`,
    );
    this.name = 'DatabaseLockedError';
  }
}

/** The folder that holds nx.json, found by walking up from `from`; falls back to `from`. */
export function workspaceRoot(from = process.cwd()): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
  return dir;
}

/** Where PGlite keeps its files inside a data folder (DATA_DIR, default `<workspace>/.data`). */
export function pgliteDir(dataDir = process.env.DATA_DIR || join(workspaceRoot(), '.data')): string {
  return resolve(dataDir, 'pglite');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PGlite is single-process: a pid lock file keeps a second process (a seed while the API runs) out. */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(lockFile, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) throw new DatabaseLockedError(dataDir, owner);
      rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new DatabaseLockedError(dataDir, 0);
}

function pgliteRunner(db: PGlite): SqlRunner {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
          transaction: () => Promise.reject(new Error('nested transactions are not supported')),
          exec: async (sql: string) => void (await tx.exec(sql)),
        }),
      ),
  };
}

function pgClientRunner(client: pg.ClientBase): SqlRunner {
  const query = async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[];
  return {
    query,
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        const result = await fn({
          query,
          transaction: () => Promise.reject(new Error('nested transactions are not supported')),
          exec: async (sql: string) => void (await client.query(sql)),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
}

// Prisma Migrate's own advisory lock key, so this applier and `prisma migrate deploy` never run at once.
const MIGRATION_LOCK_KEY = 72707369;

/** Runs `fn` with a single PostgreSQL connection that holds the migration advisory lock. */
async function withMigrationLock<T>(pool: pg.Pool, fn: (db: SqlRunner) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await fn(pgClientRunner(client));
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const dataDir = options.dataDir ?? pgliteDir();
  const inMemory = dataDir.startsWith('memory://');
  const unlock = inMemory ? () => undefined : lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(dataDir);
    if (options.migrate ?? true) await applyMigrations(pgliteRunner(pglite), readMigrations());
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return withConnection(
      {
        kind: 'pglite',
        ping: async () => void (await pglite.query('SELECT 1')),
        // PGlite is in this process: its notifications are delivered once the notifying statement has run.
        subscribe: async (channel, listener) => pglite.listen(channel, () => listener()),
        async close() {
          await prisma.$disconnect();
          await pglite.close();
          unlock();
        },
      },
      {
        prisma,
        query: <T>(sql: string, params: unknown[]) =>
          tracedQuery(sql, async () => (await pglite.query<T>(sql, params)).rows),
      },
    );
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const poolConfig: pg.PoolConfig = { connectionString: url, max: options.poolSize ?? 10 };
  // A pool for migrations, health checks and the hot paths that bypass Prisma; Prisma keeps its own.
  const admin = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle connection the server dropped (a restart, a failover) is an 'error' of the pool: without a listener it
  // would crash the process. The pool discards that connection and opens a new one for the next query.
  admin.on('error', () => undefined);
  try {
    const migrations = readMigrations();
    await withMigrationLock(admin, async (db) => {
      if (options.migrate) {
        await applyMigrations(db, migrations);
        return;
      }
      const pending = await pendingMigrations(db, migrations);
      if (pending.length > 0) {
        throw new MigrationError(
          `the database lacks ${pending.length} migration(s) (${pending.join(', ')}): run \`npm run db:migrate\``,
        );
      }
    });
  } catch (error) {
    await admin.end();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(poolConfig) });
  const listeners = new Set<Unsubscribe>();
  return withConnection(
    {
      kind: 'postgresql',
      ping: async () => void (await admin.query('SELECT 1')),
      async subscribe(channel, listener) {
        const stop = await listenOnPostgres(url, channel, listener);
        const unsubscribe = async () => {
          listeners.delete(unsubscribe);
          await stop();
        };
        listeners.add(unsubscribe);
        return unsubscribe;
      },
      async close() {
        await Promise.all([...listeners].map((unsubscribe) => unsubscribe()));
        await prisma.$disconnect();
        await admin.end();
      },
    },
    {
      prisma,
      query: <T>(sql: string, params: unknown[]) =>
        tracedQuery(sql, async () => (await admin.query(sql, params)).rows as T[]),
    },
  );
}

/** How long a lost LISTEN connection waits before it connects again. */
const RELISTEN_DELAY_MS = 1000;

/**
 * LISTENs on `channel` over a connection of its own (a pooled one would be handed to other queries), calling
 * `listener` on each notification; resolves once the first attempt to listen is over (listening, or retrying). A
 * lost connection is replaced after RELISTEN_DELAY_MS, then `listener` is called once to make up for what was sent
 * while none listened.
 */
async function listenOnPostgres(url: string, channel: NotificationChannel, listener: () => void): Promise<Unsubscribe> {
  let stopped = false;
  let current: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let connecting: Promise<void> = Promise.resolve();

  function replace(client: pg.Client) {
    if (current !== client) return;
    current = null;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (!stopped && !retry) {
      retry = setTimeout(() => {
        retry = null;
        connecting = connect(true);
      }, RELISTEN_DELAY_MS);
      retry.unref();
    }
  }

  async function connect(reconnected: boolean) {
    const client = new pg.Client({ connectionString: url });
    current = client;
    client.on('notification', (message) => {
      if (message.channel === channel) listener();
    });
    // A lost connection (the server restarted, the network failed) is replaced; never an unhandled error.
    client.on('error', () => replace(client));
    client.on('end', () => replace(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      if (reconnected && !stopped) listener();
    } catch {
      replace(client);
    }
  }

  connecting = connect(false);
  await connecting;
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await connecting;
    const client = current;
    current = null;
    if (client) await client.end().catch(() => undefined);
  };
}

/** Opens the database: PostgreSQL when a URL is given, the embedded PGlite otherwise. */
export function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}
