/** The prefix of the one line that says why the embedded PostgreSQL could not start; the launcher repeats it. */
export const START_FAILURE_PREFIX = 'embedded PostgreSQL cannot start:';

/**
 * From PostgreSQL's last log lines, the cause of a failed start the developer can act on, with the
 * fix, as one line; null when the log shows none of them.
 */
export function startFailureLine(
  log: readonly string[],
  where: { clusterDir: string; port: number; socketDir: string },
): string | null {
  const text = log.join('\n');
  const pid = /another postmaster \(PID (\d+)\)/.exec(text)?.[1];
  if (/lock file "postmaster\.pid" already exists/.test(text)) {
    return `${START_FAILURE_PREFIX} its data directory ${where.clusterDir} is in use by another running PostgreSQL${pid ? ` (pid ${pid})` : ''}, most likely another \`npm start\` on the same DATA_DIR; stop that one, or give this one its own DATA_DIR (e.g. DATA_DIR=.data-2 npm start)`;
  }
  if (
    /\.s\.PGSQL\.\d+(\.lock)?"?[^\n]*(already exists|in use)|could not create lock file "[^"]*\.s\.PGSQL/.test(
      text,
    )
  ) {
    const socket =
      /"([^"]*\.s\.PGSQL\.\d+)\.lock"/.exec(text)?.[1] ?? `${where.socketDir}/.s.PGSQL.${where.port}`;
    return `${START_FAILURE_PREFIX} the socket ${socket} is in use by another PostgreSQL on port ${where.port}${pid ? ` (pid ${pid})` : ''}; stop it, or set EMBEDDED_POSTGRES_PORT to another port`;
  }
  if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/.test(text)) {
    return `${START_FAILURE_PREFIX} port ${where.port} on 127.0.0.1 is already in use; stop what listens there, or set EMBEDDED_POSTGRES_PORT to another port (or DATABASE_URL to use your own PostgreSQL)`;
  }
  return null;
}
