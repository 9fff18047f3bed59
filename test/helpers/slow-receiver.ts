import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook receiver that holds its first delivery open for `holdMs`: an activity in flight. */
export async function startSlowReceiver(holdMs: number) {
  let arrived: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  let count = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count += 1;
      arrived();
      setTimeout(() => res.end('ok'), count === 1 ? holdMs : 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    arrival,
    received: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
