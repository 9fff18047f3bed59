import { spawn } from 'node:child_process';
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
    return await new Promise<UntilTemporal>((resolve, reject) => {
      let connected = false;
      const child = spawn('npm', ['run', '--silent', script], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH!,
          HOME: process.env.HOME!,
          ...env,
          TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: npm, its shell and the service are stopped together.
        detached: true,
      });
      const stop = () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      };
      // As long as a start-up may take on a loaded machine, and no longer.
      const deadline = setTimeout(stop, 90_000);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(deadline);
        resolve({ code, stdout, stderr, reachedTemporal: connected });
      });
      void reachedTemporal.then(() => {
        connected = true;
        stop();
      });
    });
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
