import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP relay in front of a real server (PostgreSQL here) that a test can cut: every open
 * connection is reset and new ones are refused until it is restored, which is what a process
 * sees when its database goes away and comes back. Its own port is the kernel's pick, held from
 * the start: an address that stays the same while the server behind it is started, or restarted,
 * on a port of the kernel's choosing (`retarget`). Without a target yet, connections are refused.
 */
export async function startTcpProxy(target: { host: string; port: number } | null, listenHost = '127.0.0.1') {
  const sockets = new Set<Socket>();
  let down = false;
  let upstreamAt = target;
  const server = createServer((client) => {
    if (down || !upstreamAt) return client.destroy();
    const upstream = createConnection(upstreamAt);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, listenHost, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore() {
      down = false;
    },
    /** New connections go to `next`; open ones stay where they are. */
    retarget(next: { host: string; port: number }) {
      upstreamAt = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The same database URL, reached through the proxy. */
export function throughProxy(databaseUrl: string, port: number): string {
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}
