// The Wasm engines behind one engine process. The main engine is bound to the datasource of prisma.config.ts.
// The Wasm engine probes its main database before every diff, where the native engine connects only when a diff
// needs it; diffs between schemas and migrations therefore get a detached engine whose "main" database is the
// configured one if it exists, else the server's `postgres` database, else (no reachable server) in-memory PGlite.
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { createPgliteMemoryAdapterFactory } from '../adapters/pglite-factory.ts';
import { createPostgresAdapterFactory } from '../adapters/postgres-factory.ts';
import type { ClosableAdapterFactory } from '../adapters/script-adapter.ts';
import { trackAdapters } from '../adapters/script-adapter.ts';
import { checkConnection, DatabaseProblem } from '../postgres-admin.ts';
import type { PostgresConnection } from '../postgres-url.ts';
import { parsePostgresUrl } from '../postgres-url.ts';
import { createSchemaEngine } from '../wasm-schema-engine.ts';
import type { EngineDatasource } from './args.ts';
import { requirePostgresConnection } from './cli-commands.ts';
import { forwardEngineLog, log } from './logger.ts';

export interface EngineContext {
  /** The engine bound to the configured datasource. */
  engine(): Promise<SchemaEngine>;
  /** Runs `work` on a fresh engine that needs no particular database (see above), then frees it. */
  withDetachedEngine<T>(work: (engine: SchemaEngine) => Promise<T>): Promise<T>;
  /** The configured main database; throws when the datasource is missing or not PostgreSQL. */
  mainConnection(): PostgresConnection;
}

async function detachedFactory(datasource: EngineDatasource): Promise<ClosableAdapterFactory> {
  let main: PostgresConnection;
  try {
    main = requirePostgresConnection(datasource);
  } catch {
    return pgliteFallback('no PostgreSQL datasource is configured');
  }
  const shadow = datasource.shadowDatabaseUrl ? parsePostgresUrl(datasource.shadowDatabaseUrl) : undefined;
  const factoryFor = (connection: PostgresConnection): ClosableAdapterFactory =>
    trackAdapters(createPostgresAdapterFactory({ main: connection, ...(shadow ? { shadow } : {}) }));
  try {
    await checkConnection(main);
    return factoryFor(main);
  } catch (error) {
    if (!(error instanceof DatabaseProblem)) throw error;
    if (error.errorCode === 'P1003') return factoryFor({ ...main, database: 'postgres' });
    if (error.errorCode === 'P1001') return pgliteFallback(error.message.split('\n')[0] ?? '');
    throw error;
  }
}

function pgliteFallback(reason: string): ClosableAdapterFactory {
  log('WARN', `Using in-memory PGlite for this diff: ${reason}.`);
  return createPgliteMemoryAdapterFactory();
}

export function createEngineContext(datamodels: Array<[string, string]>, datasource: EngineDatasource): EngineContext {
  let mainEngine: Promise<SchemaEngine> | undefined;
  const mainFactory = (): SqlMigrationAwareDriverAdapterFactory =>
    createPostgresAdapterFactory({
      main: requirePostgresConnection(datasource),
      ...(datasource.shadowDatabaseUrl ? { shadow: parsePostgresUrl(datasource.shadowDatabaseUrl) } : {}),
    });
  return {
    engine: () => {
      mainEngine ??= Promise.resolve().then(() =>
        createSchemaEngine({ datamodels, adapterFactory: mainFactory(), onLog: forwardEngineLog }),
      );
      return mainEngine;
    },
    withDetachedEngine: async (work) => {
      const factory = await detachedFactory(datasource);
      try {
        const engine = await createSchemaEngine({ datamodels, adapterFactory: factory, onLog: forwardEngineLog });
        try {
          return await work(engine);
        } finally {
          engine.free();
        }
      } finally {
        await factory.close();
      }
    },
    mainConnection: () => requirePostgresConnection(datasource),
  };
}
