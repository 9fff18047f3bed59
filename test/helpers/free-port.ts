import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The kernel's ephemeral range: where `listen(0)` and every outgoing connection take their ports.
 * A port picked there and handed back can be taken again by any socket of the run (a database
 * connection of another suite, a gRPC call) before the process it was picked for binds it.
 */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low && high) return [low, high];
  } catch {
    // Not Linux: the IANA range most systems use.
  }
  return [49152, 65535];
}

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/**
 * A port nothing listens on, for a process that must be told its address before it starts. It is
 * drawn below the ephemeral range, where no socket is given a port unasked, so it stays free until
 * that process binds it (another suite drawing the same one of ~20,000 at the same moment aside).
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  const from = 10_000;
  const to = Math.min(low, 49_152) - 1;
  for (let tries = 0; to > from && tries < 50; tries++) {
    const port = from + Math.floor(Math.random() * (to - from + 1));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${from} and ${to}`);
}
