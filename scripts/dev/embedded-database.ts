import path from 'node:path';

/**
 * How `npm start` sets up its embedded PostgreSQL. Only ever reachable on 127.0.0.1, so a fixed
 * local password is enough; the CLI builds the same URL from the port the launcher records.
 */
export const EMBEDDED_DATABASE = { user: 'postgres', password: 'postgres', database: 'oi_payments' } as const;

/** The line the database helper prints once the database accepts connections. */
export const EMBEDDED_READY_MARKER = 'PostgreSQL ready on';

/**
 * How the ready line names a server on its Unix socket only (`postgres-server.ts --socket-only`):
 * `socket <directory> port <port>`; `embeddedSocketOf` reads it back.
 */
export function embeddedSocketWhere(socketDir: string, port: number): string {
  return `socket ${socketDir} port ${port}`;
}

export function embeddedSocketOf(readyLine: string): { socketDir: string; port: number } | null {
  const match = / socket (.+) port (\d+) \(data in /.exec(readyLine);
  return match ? { socketDir: match[1]!, port: Number(match[2]) } : null;
}

export function embeddedDatabaseUrl(port: number): string {
  const { user, password, database } = EMBEDDED_DATABASE;
  return `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
}

export function embeddedDatabaseDir(dataDir: string): string {
  return path.join(dataDir, 'postgres');
}
