// An adapter factory over in-memory PGlite databases: the Wasm engine gets a main database and shadow databases
// without any PostgreSQL server. Every connection is a fresh database, closed on dispose or by close().
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { createFreshPglite } from './pglite-template.ts';
import type { ClosableAdapterFactory } from './script-adapter.ts';
import { toDriverAdapterError, trackAdapters, withScriptExecution } from './script-adapter.ts';

async function connectMemoryDatabase(): Promise<SqlDriverAdapter> {
  const db = await createFreshPglite();
  const inner = await new PrismaPGlite(db).connect();
  return withScriptExecution(inner, {
    executeScript: async (script) => {
      try {
        await db.exec(script);
      } catch (error) {
        throw toDriverAdapterError(error);
      }
    },
    afterDispose: () => db.close(),
  });
}

export function createPgliteMemoryAdapterFactory(): ClosableAdapterFactory {
  return trackAdapters({
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    connect: connectMemoryDatabase,
    connectToShadowDb: connectMemoryDatabase,
  });
}
