import { parse } from 'pg-connection-string';

/** What the ORM needs to connect; unset fields take the `pg` driver's defaults (PGHOST, 5432...). */
export interface DatabaseConnection {
  host?: string;
  port?: number;
  user?: string;
  password?: string;
  dbName: string;
  /** From `sslmode`/`ssl` in the URL, as the driver reads them. */
  ssl?: unknown;
}

export const DATABASE_URL_FORMS =
  'postgres://user:password@host:5432/database, or for a Unix socket postgresql://user@/database?host=/var/run/postgresql';

/**
 * Reads DATABASE_URL with the `pg` driver's own parser, so every form the driver accepts works,
 * Unix sockets included (`?host=/dir`, `%2Fdir` as the host, `socket:/dir?db=name`). Throws a
 * message fit for a configuration error when the driver could not use it.
 */
export function parseDatabaseUrl(url: string): DatabaseConnection {
  if (!/^(postgres(ql)?:\/\/|socket:)/.test(url)) throw new Error(`expected ${DATABASE_URL_FORMS}`);
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(url);
  } catch (error) {
    throw new Error(`cannot be read (${(error as Error).message}); expected ${DATABASE_URL_FORMS}`);
  }
  if (!parsed.database) throw new Error(`names no database; expected ${DATABASE_URL_FORMS}`);
  const port = parsed.port ? Number(parsed.port) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    throw new Error(`port ${parsed.port} is not a port number`);
  }
  return {
    // An IPv6 address keeps the brackets the URL needed; the driver wants it bare.
    ...(parsed.host && { host: parsed.host.replace(/^\[(.*)\]$/, '$1') }),
    ...(port && { port }),
    ...(parsed.user && { user: parsed.user }),
    ...(parsed.password && { password: parsed.password }),
    dbName: parsed.database,
    ...(parsed.ssl !== undefined && { ssl: parsed.ssl }),
  };
}
