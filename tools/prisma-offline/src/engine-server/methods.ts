// The schema engine's JSON-RPC methods, served by the Wasm engine. Most are forwarded as they are. Others the Wasm
// build cannot do for PostgreSQL are rebuilt: createMigration and evaluateDataLoss come from a diff of the
// migrations (replayed into a shadow database) to the schema, so no data-loss warnings are produced. Methods that
// name a database themselves (createDatabase, dbExecute, ...) talk to PostgreSQL directly.
import type {
  ApplyMigrationsInput,
  CreateMigrationInput,
  CreateMigrationOutput,
  DatasourceParam,
  DbExecuteParams,
  DiffParams,
  DevDiagnosticInput,
  DiagnoseMigrationHistoryInput,
  DiffTarget,
  EvaluateDataLossInput,
  EvaluateDataLossOutput,
  IntrospectParams,
  IntrospectSqlParams,
  MarkMigrationAppliedInput,
  MarkMigrationRolledBackInput,
  MigrationList,
  ResetInput,
  SchemaPushInput,
} from '@prisma/schema-engine-wasm/schema_engine_bg';
import { migrationTimestamp, withLockfileFallback } from '../migrations-directory.ts';
import { checkConnection, createDatabase, executeScript, serverVersion } from '../postgres-admin.ts';
import type { PostgresConnection } from '../postgres-url.ts';
import { parsePostgresUrl } from '../postgres-url.ts';
import type { EngineContext } from './engine-context.ts';
import type { JsonRpcPeer } from './json-rpc.ts';
import { MethodNotFound } from './json-rpc.ts';

export const CONNECTOR_TYPE = 'postgresql';

export type MethodContext = EngineContext;

type Params = Record<string, unknown>;

function withLockfile<T extends { migrationsList: MigrationList }>(params: T): T {
  return { ...params, migrationsList: withLockfileFallback(params.migrationsList, CONNECTOR_TYPE) };
}

function withTargetLockfile(target: DiffTarget): DiffTarget {
  return target.tag === 'migrations' ? { ...target, ...withLockfileFallback(target, CONNECTOR_TYPE) } : target;
}

function connectionOf(datasource: DatasourceParam | undefined, context: MethodContext): PostgresConnection {
  return datasource?.tag === 'ConnectionString' ? parsePostgresUrl(datasource.url) : context.mainConnection();
}

/** Counts the step headers ("-- CreateTable", "-- AlterTable", ...) of a rendered migration script. */
export function countMigrationSteps(script: string): number {
  return script.match(/^-- [A-Z][A-Za-z]+$/gm)?.length ?? 0;
}

interface MigrationDiff {
  hasChanges: boolean;
  script: string;
}

async function diffMigrationsToSchema(
  context: MethodContext,
  input: CreateMigrationInput | EvaluateDataLossInput,
): Promise<MigrationDiff> {
  const migrations = withLockfileFallback(input.migrationsList, CONNECTOR_TYPE);
  const result = await context.withDetachedEngine((engine) =>
    engine.diff({
      from: { tag: 'migrations', ...migrations },
      to: { tag: 'schemaDatamodel', files: input.schema.files },
      script: true,
      exitCode: true,
      filters: input.filters,
    }),
  );
  return { hasChanges: result.exitCode !== 0, script: result.stdout ?? '' };
}

/** Whether a diff target is a live database (the configured datasource or a URL). */
function isLiveDatabase(target: DiffTarget): boolean {
  return target.tag === 'schemaDatasource' || target.tag === 'url';
}

const DATA_LOSS_NOTE =
  'prisma-offline: the Wasm schema engine does not evaluate data loss; review the migration SQL before applying it.';

export function createMethods(
  context: MethodContext,
  peer: JsonRpcPeer,
): Record<string, (params: Params) => Promise<unknown>> {
  const engine = () => context.engine();
  return {
    applyMigrations: async (params) =>
      (await engine()).applyMigrations(withLockfile(params as unknown as ApplyMigrationsInput)),
    devDiagnostic: async (params) =>
      (await engine()).devDiagnostic(withLockfile(params as unknown as DevDiagnosticInput)),
    diagnoseMigrationHistory: async (params) =>
      (await engine()).diagnoseMigrationHistory(withLockfile(params as unknown as DiagnoseMigrationHistoryInput)),
    markMigrationApplied: async (params) =>
      (await engine()).markMigrationApplied(withLockfile(params as unknown as MarkMigrationAppliedInput)),
    markMigrationRolledBack: async (params) =>
      (await engine()).markMigrationRolledBack(params as unknown as MarkMigrationRolledBackInput),
    schemaPush: async (params) => (await engine()).schemaPush(params as unknown as SchemaPushInput),
    reset: async (params) => {
      await (await engine()).reset(params as unknown as ResetInput);
      return {};
    },
    introspect: async (params) => (await engine()).introspect(params as unknown as IntrospectParams),
    introspectSql: async (params) => (await engine()).introspectSql(params as unknown as IntrospectSqlParams),
    debugPanic: async () => (await engine()).debugPanic(),

    diff: async (params) => {
      const input = params as unknown as DiffParams;
      const request: DiffParams = { ...input, from: withTargetLockfile(input.from), to: withTargetLockfile(input.to) };
      const result =
        isLiveDatabase(input.from) || isLiveDatabase(input.to)
          ? await (await engine()).diff(request)
          : await context.withDetachedEngine((detached) => detached.diff(request));
      // The native engine prints the diff through the CLI and returns no stdout.
      if (result.stdout) await peer.request('print', { content: result.stdout.replace(/\n$/, '') });
      return { exitCode: result.exitCode, stdout: null };
    },

    createMigration: async (params): Promise<CreateMigrationOutput> => {
      const input = params as unknown as CreateMigrationInput;
      const { hasChanges, script } = await diffMigrationsToSchema(context, input);
      const timestamp = migrationTimestamp(new Date());
      return {
        connectorType: CONNECTOR_TYPE,
        generatedMigrationName: input.migrationName ? `${timestamp}_${input.migrationName}` : timestamp,
        migrationScript: hasChanges || input.draft ? script : null,
        extension: 'sql',
      };
    },

    evaluateDataLoss: async (params): Promise<EvaluateDataLossOutput> => {
      const { hasChanges, script } = await diffMigrationsToSchema(context, params as unknown as EvaluateDataLossInput);
      if (hasChanges) await peer.request('print', { content: DATA_LOSS_NOTE });
      return {
        migrationSteps: hasChanges ? Math.max(1, countMigrationSteps(script)) : 0,
        warnings: [],
        unexecutableSteps: [],
      };
    },

    ensureConnectionValidity: async (params) => {
      await checkConnection(connectionOf((params as { datasource?: DatasourceParam }).datasource, context));
      return {};
    },
    getDatabaseVersion: async (params) =>
      serverVersion(connectionOf((params as { datasource?: DatasourceParam } | undefined)?.datasource, context)),
    createDatabase: async (params) => {
      const connection = connectionOf((params as { datasource?: DatasourceParam }).datasource, context);
      await createDatabase(connection);
      return { databaseName: connection.database };
    },
    dbExecute: async (params) => {
      const { datasourceType, script } = params as unknown as DbExecuteParams;
      const connection = datasourceType.tag === 'url' ? parsePostgresUrl(datasourceType.url) : context.mainConnection();
      await executeScript(connection, script);
      return null;
    },
  };
}

export async function dispatch(
  methods: Record<string, (params: Params) => Promise<unknown>>,
  method: string,
  params: unknown,
): Promise<unknown> {
  const handler = methods[method];
  if (!handler) throw new MethodNotFound(method);
  return handler((params ?? {}) as Params);
}
