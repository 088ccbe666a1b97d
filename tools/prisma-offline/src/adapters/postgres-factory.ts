// The adapter factory the Wasm engine uses against PostgreSQL: @prisma/adapter-pg with three fixes. Introspection
// reads PostgreSQL's internal "char" type (OID 18), which adapter-pg cannot decode: it is read as text. Scripts
// run whole (see script-adapter.ts). Shadow databases are made from separate connection fields, and a temporary
// one is dropped only after its pool has closed.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { DatabaseProblem, dropDatabase, resetDatabase, withServerClient } from '../postgres-admin.ts';
import type { PostgresConnection } from '../postgres-url.ts';
import { describeServer, parsePostgresUrl, quoteIdentifier } from '../postgres-url.ts';
import { toDriverAdapterError, withScriptExecution } from './script-adapter.ts';

const CHAR_OID = 18;
const TEXT_OID = 25;

interface FieldDescription {
  dataTypeID: number;
}

function readCharAsText(result: unknown): unknown {
  for (const single of Array.isArray(result) ? result : [result]) {
    const fields = (single as { fields?: FieldDescription[] } | undefined)?.fields;
    for (const field of fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

type QueryCallback = (error: Error | null | undefined, result: unknown) => void;

/**
 * Wraps every query of a pooled client so that "char" columns are reported as text. Covers both the promise form
 * (transactions) and the callback form `pool.query()` uses.
 */
function patchClient(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const patched = (...args: unknown[]): unknown => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as QueryCallback;
      return query(...args.slice(0, -1), (error: Error | null | undefined, result: unknown) =>
        callback(error, error ? result : readCharAsText(result)),
      );
    }
    const result = query(...args);
    return result instanceof Promise ? result.then(readCharAsText) : result;
  };
  client.query = patched as typeof client.query;
}

function poolConfig(connection: PostgresConnection): pg.PoolConfig {
  const { schema, ...fields } = connection;
  return { ...fields, max: 4, ...(schema ? { options: `-c search_path=${quoteIdentifier(schema)}` } : {}) };
}

async function connectAdapter(
  connection: PostgresConnection,
  afterDispose?: () => Promise<void>,
): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool(poolConfig(connection));
  pool.on('connect', patchClient);
  const inner = await new PrismaPg(pool, { schema: connection.schema, disposeExternalPool: true }).connect();
  return withScriptExecution(inner, {
    executeScript: async (script) => {
      try {
        await pool.query(script);
      } catch (error) {
        throw toDriverAdapterError(error);
      }
    },
    afterDispose,
  });
}

async function connectToTemporaryShadow(main: PostgresConnection): Promise<SqlDriverAdapter> {
  const database = `prisma_migrate_shadow_db_${randomUUID()}`;
  await withServerClient(main, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(database)}`));
  try {
    return await connectAdapter({ ...main, database }, () => dropDatabase(main, database));
  } catch (error) {
    await dropDatabase(main, database);
    throw error;
  }
}

function sameDatabase(a: PostgresConnection, b: PostgresConnection): boolean {
  return describeServer(a) === describeServer(b) && a.database === b.database;
}

async function connectToConfiguredShadow(
  main: PostgresConnection,
  shadow: PostgresConnection,
): Promise<SqlDriverAdapter> {
  if (sameDatabase(main, shadow)) {
    throw new DatabaseProblem(
      'The shadow database you configured appears to be the same as the main database.',
      'P3014',
    );
  }
  await resetDatabase(shadow);
  return connectAdapter(shadow);
}

export interface PostgresAdapterFactoryOptions {
  main: PostgresConnection;
  /** A database the engine may wipe; without one, a temporary database is created next to the main one. */
  shadow?: PostgresConnection;
}

export function createPostgresAdapterFactory(
  options: PostgresAdapterFactoryOptions,
): SqlMigrationAwareDriverAdapterFactory {
  const { main, shadow } = options;
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectAdapter(main),
    connectToShadowDb: () => (shadow ? connectToConfiguredShadow(main, shadow) : connectToTemporaryShadow(main)),
  };
}

/** The factory for a datasource given as URLs, e.g. `{ url, shadowDatabaseUrl }` from prisma.config.ts. */
export function createPostgresAdapterFactoryFromUrls(
  url: string,
  shadowDatabaseUrl?: string,
): SqlMigrationAwareDriverAdapterFactory {
  return createPostgresAdapterFactory({
    main: parsePostgresUrl(url),
    ...(shadowDatabaseUrl ? { shadow: parsePostgresUrl(shadowDatabaseUrl) } : {}),
  });
}
