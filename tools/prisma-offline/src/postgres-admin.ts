// Direct PostgreSQL operations the schema engine protocol needs outside of migrations: probing a database,
// creating it, running a raw script. Errors carry Prisma's error codes where the CLI reacts to them.
import pg from 'pg';
import type { PostgresConnection } from './postgres-url.ts';
import { describeServer, quoteIdentifier } from './postgres-url.ts';

export class DatabaseProblem extends Error {
  constructor(
    message: string,
    /** A Prisma error code (P1000 auth, P1001 unreachable, P1003 missing database), if one applies. */
    readonly errorCode?: string,
  ) {
    super(message);
    this.name = 'DatabaseProblem';
  }
}

function clientConfig(connection: PostgresConnection): pg.ClientConfig {
  const { schema: _schema, ...fields } = connection;
  return fields;
}

/** Maps a `pg` connection error to the Prisma error the native engine reports. */
export function describeConnectionError(error: unknown, connection: PostgresConnection): DatabaseProblem {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const server = describeServer(connection);
  if (code === '3D000') {
    return new DatabaseProblem(
      `Database \`${connection.database}\` does not exist on the database server at \`${server}\`.`,
      'P1003',
    );
  }
  if (code === '28P01' || code === '28000') {
    return new DatabaseProblem(
      `Authentication failed against database server at \`${server}\`, the provided database credentials for \`${connection.user ?? ''}\` are not valid.`,
      'P1000',
    );
  }
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'ETIMEDOUT' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENOENT'
  ) {
    return new DatabaseProblem(
      `Can't reach database server at \`${server}\`\n\nPlease make sure your database server is running at \`${server}\`.`,
      'P1001',
    );
  }
  return new DatabaseProblem(message);
}

export async function withClient<T>(
  connection: PostgresConnection,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client(clientConfig(connection));
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw describeConnectionError(error, connection);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs `work` on a connection to the server of `connection`, through its database or, if missing, `postgres`. */
export async function withServerClient<T>(
  connection: PostgresConnection,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  try {
    return await withClient(connection, work);
  } catch (error) {
    if (!(error instanceof DatabaseProblem) || error.errorCode !== 'P1003') throw error;
    return withClient({ ...connection, database: 'postgres' }, work);
  }
}

export async function checkConnection(connection: PostgresConnection): Promise<void> {
  await withClient(connection, (client) => client.query('SELECT 1'));
}

export async function createDatabase(connection: PostgresConnection): Promise<void> {
  await withClient({ ...connection, database: 'postgres' }, (client) =>
    client.query(`CREATE DATABASE ${quoteIdentifier(connection.database)}`),
  );
}

export async function dropDatabase(server: PostgresConnection, database: string): Promise<void> {
  await withServerClient(server, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`),
  );
}

/** Sends `script` as one multi-statement query (an implicit transaction). */
export async function executeScript(connection: PostgresConnection, script: string): Promise<void> {
  await withClient(connection, (client) => client.query(script));
}

export async function serverVersion(connection: PostgresConnection): Promise<string> {
  return withClient(connection, async (client) => {
    const result = await client.query<{ version: string }>('SELECT version() AS version');
    return result.rows[0]?.version ?? '';
  });
}

/** Empties a database used as a shadow database: drops every user schema, then recreates `schema`. */
export async function resetDatabase(connection: PostgresConnection): Promise<void> {
  const schema = connection.schema ?? 'public';
  await withClient(connection, (client) =>
    client.query(`
      DO $$
      DECLARE s text;
      BEGIN
        FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
          EXECUTE format('DROP SCHEMA %I CASCADE', s);
        END LOOP;
      END $$;
      CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)};
    `),
  );
}
