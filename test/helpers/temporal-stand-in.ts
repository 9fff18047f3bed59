import { execFile } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface UntilTemporal {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The process connected to Temporal's address: it had done everything start-up does before. */
  reachedTemporal: boolean;
}

/**
 * `npm run <script>` with exactly `env` (nothing of the machine's leaks in) and TEMPORAL_ADDRESS
 * at a port of the test's own, stopped the moment it connects there. A process that has reached
 * for Temporal has done all of start-up that comes before it (settings, the database, its
 * warnings); waiting for its connection to time out instead (10 s) proved nothing more. Its
 * output up to then is kept (the service logs synchronously); one that ends before it gets there
 * ends as it would.
 */
export async function npmRunUntilTemporal(
  script: string,
  env: Record<string, string>,
): Promise<UntilTemporal> {
  const sockets = new Set<Socket>();
  let reached: () => void = () => undefined;
  const reachedTemporal = new Promise<void>((resolve) => (reached = resolve));
  const server = createServer((socket) => {
    sockets.add(socket);
    reached();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    return await new Promise<UntilTemporal>((resolve) => {
      let connected = false;
      const child = execFile(
        'npm',
        ['run', '--silent', script],
        {
          cwd: ROOT,
          env: {
            PATH: process.env.PATH!,
            HOME: process.env.HOME!,
            ...env,
            TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
          },
          timeout: 90_000,
          // Its own process group: npm, its shell and the service are stopped together.
          detached: true,
        },
        (_error, stdout, stderr) =>
          resolve({ code: child.exitCode, stdout, stderr, reachedTemporal: connected }),
      );
      void reachedTemporal.then(() => {
        connected = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      });
    });
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
