// Parses a Prisma PostgreSQL connection URL into separate `pg` connection fields. Separate fields matter: `pg`
// lets `connectionString` win over `database`, so a config built as {...config, database} with a connection
// string would silently connect to the main database instead of a shadow one.

export interface PostgresConnection {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  database: string;
  ssl?: false | { rejectUnauthorized: boolean };
  connectionTimeoutMillis?: number;
  /** Prisma's `?schema=` parameter: the schema migrations work in (default `public`). */
  schema?: string;
}

const PROTOCOLS = new Set(['postgres:', 'postgresql:']);

export function isPostgresUrl(url: string): boolean {
  try {
    return PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

export function parsePostgresUrl(url: string): PostgresConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('The datasource URL is not a valid URL.');
  }
  if (!PROTOCOLS.has(parsed.protocol)) {
    throw new Error(
      `Unsupported datasource URL protocol "${parsed.protocol}": only postgres:// and postgresql:// work.`,
    );
  }
  const params = parsed.searchParams;
  const connection: PostgresConnection = {
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
  };
  const host = params.get('host') ?? decodeURIComponent(parsed.hostname.replace(/^\[(.*)\]$/, '$1'));
  if (host) connection.host = host;
  if (parsed.port) connection.port = Number(parsed.port);
  if (parsed.username) connection.user = decodeURIComponent(parsed.username);
  if (parsed.password) connection.password = decodeURIComponent(parsed.password);
  const schema = params.get('schema');
  if (schema) connection.schema = schema;
  const connectTimeout = params.get('connect_timeout');
  if (connectTimeout && Number(connectTimeout) > 0) connection.connectionTimeoutMillis = Number(connectTimeout) * 1000;
  const sslmode = params.get('sslmode');
  if (sslmode === 'disable') connection.ssl = false;
  if (sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full') {
    connection.ssl = {
      rejectUnauthorized: sslmode !== 'require' && params.get('sslaccept') !== 'accept_invalid_certs',
    };
  }
  return connection;
}

/** `host:port` (or the socket directory) for messages, without credentials. */
export function describeServer(connection: PostgresConnection): string {
  const host = connection.host ?? 'localhost';
  return host.startsWith('/') ? host : `${host}:${connection.port ?? 5432}`;
}

/** Quotes an identifier for PostgreSQL. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
