import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { clusterDirectory } from '../../../scripts/dev/cluster-location.js';
import { EMBEDDED_READY_MARKER } from '../../../scripts/dev/embedded-database.js';
import { socketDirectory } from '../../../scripts/dev/postgres-socket.js';
import { serverAccount } from '../../../scripts/dev/server-account.js';
import { tsxArgs } from '../../../scripts/dev/tsx.js';
import { createNetworkNamespace, type NetworkNamespace } from '../../helpers/network-namespace.js';
import { startOnDrawnPorts } from '../../helpers/port-draws.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Server {
  child: ChildProcess;
  /** Resolves with the ready line, or rejects with what it printed when it exited first. */
  ready: Promise<string>;
  exited: Promise<{ code: number | null; output: string }>;
}

/** The development stack's PostgreSQL (scripts/dev/postgres-server.ts), as `npm start` runs it, optionally inside a namespace. */
function startServer(databaseDir: string, port: number, prefix: string[] = []): Server {
  const [command, ...args] = [
    ...prefix,
    process.execPath,
    ...tsxArgs(path.join(ROOT, 'scripts', 'dev', 'postgres-server.ts'), databaseDir, String(port)),
  ];
  const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  // On 'close', once its output is all read: at 'exit' its last lines may still be in the pipe.
  const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, output })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((l) => l.startsWith(EMBEDDED_READY_MARKER));
        if (line) resolve(line);
      });
    }
    void exited.then(({ code }) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited };
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGINT');
  await server.exited;
}

/**
 * Two development stacks on one machine: their embedded PostgreSQL servers keep socket and lock
 * under their own data directories, so two on the same port in two network namespaces (two
 * clones, each started with the default EMBEDDED_POSTGRES_PORT) both run; a start that cannot
 * work says why and what to do in one line.
 */
describe('the embedded PostgreSQL of npm start, side by side', () => {
  const made: string[] = [];
  const servers: Server[] = [];
  const namespaces: NetworkNamespace[] = [];
  /** The drawn ports' claims, let go once their servers have stopped. */
  const claims: Array<() => void> = [];

  const dataDir = () => {
    // In the temporary directory: as root the server runs as the `postgres` user, who must reach it.
    const dir = mkdtempSync(path.join(tmpdir(), 'oi-isolation-'));
    chmodSync(dir, 0o755);
    made.push(dir);
    return path.join(dir, 'postgres');
  };

  afterAll(async () => {
    await Promise.all(servers.map(stop));
    await Promise.all(namespaces.map((ns) => ns.close()));
    for (const release of claims) release();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /**
   * Servers on drawn ports (test/helpers/port-draws.ts): PostgreSQL cannot take a port of the
   * kernel's choosing and say which, and these are about its TCP port. A start that finds its port
   * in use is made again on others.
   */
  const startDrawn = (count: number, start: (ports: number[]) => Server[]) =>
    startOnDrawnPorts('embedded PostgreSQL', count, async (ports) => {
      const started = start(ports);
      servers.push(...started);
      try {
        return { ports, lines: await Promise.all(started.map((server) => server.ready)) };
      } catch (error) {
        await Promise.all(started.map(stop));
        throw error;
      }
    }).then(({ started, release }) => {
      claims.push(release);
      return started;
    });

  it('runs two on the same port from two data directories in two network namespaces', async () => {
    const first = await createNetworkNamespace();
    const second = await createNetworkNamespace();
    for (const ns of [first, second]) if (ns) namespaces.push(ns);
    // Only root makes namespaces; elsewhere the two run on two ports, which still shows each has its own socket.
    const together = Boolean(first && second);
    if (!together) console.log('not root: the two servers run on two ports instead of two namespaces');
    const dirs = [dataDir(), dataDir()];
    const { ports: drawn, lines } = await startDrawn(together ? 1 : 2, (drawnPorts) => {
      const ports = together ? [drawnPorts[0]!, drawnPorts[0]!] : drawnPorts;
      return [
        startServer(dirs[0]!, ports[0]!, first?.prefix ?? []),
        startServer(dirs[1]!, ports[1]!, second?.prefix ?? []),
      ];
    });
    const ports = together ? [drawn[0]!, drawn[0]!] : drawn;
    const port = ports[0]!;
    expect(lines).toEqual([
      expect.stringContaining(`127.0.0.1:${ports[0]}`),
      expect.stringContaining(`127.0.0.1:${ports[1]}`),
    ]);
    const account = serverAccount();
    for (const [index, dir] of dirs.entries()) {
      const cluster = clusterDirectory(account, dir);
      expect(existsSync(path.join(cluster, `.s.PGSQL.${ports[index]}`))).toBe(true);
      expect(existsSync(path.join(cluster, `.s.PGSQL.${ports[index]}.lock`))).toBe(true);
    }
    expect(existsSync(`/tmp/.s.PGSQL.${port}.lock`)).toBe(false);
  }, 180_000);

  it('refuses a second start on a data directory in use, in one line that names the cause and the fix', async () => {
    const dir = dataDir();
    const { ports } = await startDrawn(1, ([port]) => [startServer(dir, port!)]);
    // PostgreSQL locks its data directory before it takes its port: the second start, on the same
    // port, is refused for the directory.
    const again = startServer(dir, ports[0]!);
    servers.push(again);
    const { code, output } = await again.exited;
    expect(code).not.toBe(0);
    const failure = output.split('\n').filter((line) => line.includes('embedded PostgreSQL cannot start:'));
    expect(failure).toEqual([
      expect.stringMatching(
        /its data directory .* is in use by another running PostgreSQL \(pid \d+\), .*DATA_DIR/,
      ),
    ]);
  }, 180_000);

  it('refuses a port another server holds, naming EMBEDDED_POSTGRES_PORT', async () => {
    const {
      ports: [port],
    } = await startDrawn(1, ([drawn]) => [startServer(dataDir(), drawn!)]);
    const clash = startServer(dataDir(), port!);
    servers.push(clash);
    const { code, output } = await clash.exited;
    expect(code).not.toBe(0);
    expect(output).toMatch(
      /^embedded PostgreSQL cannot start: port \d+ on 127\.0\.0\.1 is already in use; .*EMBEDDED_POSTGRES_PORT/m,
    );
  }, 180_000);

  it('keeps the socket under /tmp, one directory per data directory, when the data path is too long for a socket', () => {
    const deep = path.join(tmpdir(), 'oi-isolation-long', 'x'.repeat(60), 'y'.repeat(60), 'postgres');
    const other = path.join(tmpdir(), 'oi-isolation-long', 'x'.repeat(60), 'z'.repeat(60), 'postgres');
    const short = dataDir();
    expect(socketDirectory(short, 5433, null)).toBe(short);
    const fallback = socketDirectory(deep, 5433, null);
    made.push(fallback);
    expect(fallback).toMatch(/^\/tmp\/oi-pg-[0-9a-f]{16}$/);
    expect(socketDirectory(deep, 5433, null)).toBe(fallback);
    const otherFallback = socketDirectory(other, 5433, null);
    made.push(otherFallback);
    expect(otherFallback).not.toBe(fallback);
  });
});
