import { createConnection, createServer, type Server } from 'node:net';
import { freePort } from './processes.js';

/**
 * A round-robin TCP balancer in front of several API processes, as a load balancer would be in
 * production: each new connection goes to the next backend. Keep-alive connections stay where
 * they landed, so the bench's many sockets spread evenly and requests pay for no re-routing.
 */
export class TcpBalancer {
  private readonly server: Server;
  private next = 0;

  constructor(private readonly backendPorts: number[]) {
    this.server = createServer((client) => {
      const port = this.backendPorts[this.next++ % this.backendPorts.length];
      // Nothing behind it yet (or any more): refused, as a Service with no ready endpoint.
      if (port === undefined) {
        client.destroy();
        return;
      }
      const backend = createConnection({ host: '127.0.0.1', port });
      client.pipe(backend).pipe(client);
      const close = () => {
        client.destroy();
        backend.destroy();
      };
      client.on('error', close);
      backend.on('error', close);
      client.on('close', close);
      backend.on('close', close);
    });
  }

  /** Listens on `port`, or with 0 on one the kernel picks; resolves with the port it holds. */
  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve((this.server.address() as { port: number }).port));
    });
  }

  /** Sends new connections to `ports` from now on (none: they are refused); open ones stay where they are. */
  routeTo(ports: number[]): void {
    this.backendPorts.splice(0, this.backendPorts.length, ...ports);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * The ports `count` API processes listen on, reachable together at `publicPort`: one process
 * listens there itself; several sit behind a balancer there (`close` stops it; a no-op for one).
 */
export async function apiPortsBehind(
  publicPort: number,
  count: number,
): Promise<{ ports: number[]; close: () => Promise<void> }> {
  if (count === 1) return { ports: [publicPort], close: async () => undefined };
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const balancer = new TcpBalancer(ports);
  await balancer.listen(publicPort);
  return { ports, close: () => balancer.close() };
}
