// Driver adapters as the Wasm schema engine needs them: a migration script is sent to the database whole
// (PostgreSQL runs a multi-statement simple query as one implicit transaction, like the native engine does).
// The stock adapters split scripts on ';' (adapter-pg, which breaks plpgsql bodies) or do not await them
// (pglite-prisma-adapter, whose errors then escape as unhandled rejections).
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';

export interface AdapterOverrides {
  executeScript: (script: string) => Promise<void>;
  /** Runs after the wrapped adapter has been disposed. */
  afterDispose?: () => Promise<void>;
}

type AdapterReplacements = Partial<Pick<SqlDriverAdapter, 'executeScript' | 'dispose'>>;

/** An adapter that forwards to `inner`, except for the methods given in `replacements`. */
function delegateTo(inner: SqlDriverAdapter, replacements: AdapterReplacements): SqlDriverAdapter {
  const adapter: SqlDriverAdapter = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => inner.queryRaw(query),
    executeRaw: (query) => inner.executeRaw(query),
    startTransaction: (isolationLevel) => inner.startTransaction(isolationLevel),
    executeScript: replacements.executeScript ?? ((script) => inner.executeScript(script)),
    dispose: replacements.dispose ?? (() => inner.dispose()),
  };
  const getConnectionInfo = inner.getConnectionInfo?.bind(inner);
  if (getConnectionInfo) adapter.getConnectionInfo = getConnectionInfo;
  return adapter;
}

/** Delegates to `inner`, replacing script execution and adding clean-up after dispose (which runs once). */
export function withScriptExecution(inner: SqlDriverAdapter, overrides: AdapterOverrides): SqlDriverAdapter {
  let disposed: Promise<void> | undefined;
  const dispose = async (): Promise<void> => {
    try {
      await inner.dispose();
    } finally {
      await overrides.afterDispose?.();
    }
  };
  return delegateTo(inner, { executeScript: overrides.executeScript, dispose: () => (disposed ??= dispose()) });
}

export interface ClosableAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Disposes every adapter the factory handed out that is still open. */
  close(): Promise<void>;
}

/** Keeps track of the adapters `factory` hands out, so that they can be disposed even if the engine does not. */
export function trackAdapters(factory: SqlMigrationAwareDriverAdapterFactory): ClosableAdapterFactory {
  const open = new Set<SqlDriverAdapter>();
  const track = async (connect: () => Promise<SqlDriverAdapter>): Promise<SqlDriverAdapter> => {
    const adapter = await connect();
    open.add(adapter);
    return delegateTo(adapter, {
      dispose: async () => {
        open.delete(adapter);
        await adapter.dispose();
      },
    });
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(() => factory.connect()),
    connectToShadowDb: () => track(() => factory.connectToShadowDb()),
    close: async () => {
      const adapters = [...open];
      open.clear();
      await Promise.all(adapters.map((adapter) => adapter.dispose()));
    },
  };
}

interface PostgresErrorFields {
  message: string;
  code?: string;
  severity?: string;
  detail?: string;
  column?: string;
  hint?: string;
}

function isPostgresError(error: unknown): error is PostgresErrorFields & Error {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** Converts a database error into the error type the engine understands; other errors pass through. */
export function toDriverAdapterError(error: unknown): unknown {
  if (!isPostgresError(error)) return error;
  return new DriverAdapterError({
    kind: 'postgres',
    code: error.code ?? 'N/A',
    severity: error.severity ?? 'ERROR',
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}
