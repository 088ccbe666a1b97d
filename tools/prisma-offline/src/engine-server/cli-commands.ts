// One-shot commands (`schema-engine --datasource <json> cli <command>`) the Prisma CLI runs before migrating,
// e.g. to create a missing database. Success is exit code 0; a failure is exit code 1 with an ERROR log line whose
// `fields.error_code` the CLI reads (P1003 makes it create the database). The CLI skips the first stderr line.
import { checkConnection, createDatabase, DatabaseProblem, dropDatabase } from '../postgres-admin.ts';
import type { PostgresConnection } from '../postgres-url.ts';
import { isPostgresUrl, parsePostgresUrl } from '../postgres-url.ts';
import type { EngineDatasource } from './args.ts';
import { log } from './logger.ts';
import { stripSpanTrace } from './user-facing-error.ts';

export function requirePostgresConnection(datasource: EngineDatasource): PostgresConnection {
  if (!datasource.url) throw new DatabaseProblem('The datasource has no URL: set datasource.url in prisma.config.ts.');
  if (!isPostgresUrl(datasource.url)) {
    throw new DatabaseProblem(
      'The prisma-offline schema engine supports PostgreSQL datasources (postgres:// or postgresql://) only.',
    );
  }
  return parsePostgresUrl(datasource.url);
}

const COMMANDS: Record<string, (connection: PostgresConnection) => Promise<void>> = {
  'can-connect-to-database': checkConnection,
  'create-database': async (connection) => {
    await createDatabase(connection);
    log('INFO', `Database '${connection.database}' was successfully created.`);
  },
  'drop-database': (connection) => dropDatabase({ ...connection, database: 'postgres' }, connection.database),
};

export async function runCliCommand(command: string, datasource: EngineDatasource): Promise<number> {
  log('INFO', `Starting the prisma-offline schema engine (Wasm): cli ${command}`);
  try {
    const run = COMMANDS[command];
    if (!run) throw new Error(`Unknown cli command: ${command}`);
    await run(requirePostgresConnection(datasource));
    return 0;
  } catch (error) {
    const message = stripSpanTrace(error instanceof Error ? error.message : String(error));
    const errorCode = error instanceof DatabaseProblem ? error.errorCode : undefined;
    log('ERROR', message, errorCode ? { error_code: errorCode } : {});
    return 1;
  }
}
