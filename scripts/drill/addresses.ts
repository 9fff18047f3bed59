import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { TcpBalancer } from '../bench/balancer.js';
import { freePort, sleep, type Child } from '../bench/processes.js';

/**
 * How a drill's processes get their addresses without a port handed from one process to another
 * (the kernel's pick read, its socket closed, the number given to a process that binds it later,
 * when anything else may have taken it in between):
 * - an address the others must know before it listens (PUBLIC_URL, the gateway's page) is a relay
 *   the drill itself listens on for its whole run, sending connections to the process behind it;
 * - our own processes listen on a port the kernel picks (PORT=0) and name it in LISTEN_PORT_FILE;
 * - a program that cannot name its port (a previous release's API) is started again on another
 *   port when the one it was given was taken first.
 */

/** An address held by the drill, in front of whichever process serves it now. */
export interface Relay {
  url: string;
  /** Sends new connections to these ports (several: round robin; none: refused). */
  routeTo(ports: number[]): void;
  close(): Promise<void>;
}

export async function openRelay(): Promise<Relay> {
  const balancer = new TcpBalancer([]);
  const port = await balancer.listen(0);
  return {
    url: `http://127.0.0.1:${port}`,
    routeTo: (ports) => balancer.routeTo(ports),
    close: () => balancer.close(),
  };
}

let named = 0;

/** A fresh LISTEN_PORT_FILE in `dir` for one process the drill starts. */
export function portFileIn(dir: string, name: string): string {
  named += 1;
  return path.join(dir, `${name}-${named}.port`);
}

/**
 * The port `child` wrote to `file` once it listened; fails at once, naming its log, when it exits
 * first, and after `patienceMs` (a hang guard, not a measure of speed) when it does neither.
 */
export async function reportedPortOf(child: Child, file: string, patienceMs: number): Promise<number> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    if (existsSync(file)) {
      const port = Number(readFileSync(file, 'utf8').trim());
      rmSync(file, { force: true });
      if (!Number.isInteger(port) || port <= 0) throw new Error(`${child.name} reported no port in ${file}`);
      return port;
    }
    if (child.exited) throw new Error(`${child.name} exited before it listened; see ${child.logFile}`);
    if (Date.now() > deadline) throw new Error(`${child.name} did not report a port; see ${child.logFile}`);
    await sleep(50);
  }
}

/** How many ports a program that cannot name its own is tried on before the drill gives up. */
const PORT_ATTEMPTS = 5;

/** What Node prints when a port it was told to listen on was taken first. */
const ADDRESS_IN_USE = /EADDRINUSE/;

/**
 * Starts a program that must be told its port (`start`, on a port found free) and waits until it
 * serves or exits (`upOrExited`); when it exited saying the port was taken meanwhile, it is
 * started again on another, a few times at most. Any other exit fails.
 */
export async function startOnFreePort(
  start: (port: number) => Promise<Child>,
  upOrExited: (port: number, child: Child) => Promise<void>,
  /** The first attempt's port (a taken one, in its test); later ones are found free. */
  firstPort?: number,
): Promise<{ child: Child; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = (attempt === 1 ? firstPort : undefined) ?? (await freePort());
    const child = await start(port);
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.process.stdout?.on('data', keep);
    child.process.stderr?.on('data', keep);
    // 'close': the exit and every byte it printed.
    const closed = new Promise<void>((resolve) => child.process.once('close', () => resolve()));
    await upOrExited(port, child);
    if (!child.exited) return { child, port };
    await closed;
    if (!ADDRESS_IN_USE.test(output) || attempt >= PORT_ATTEMPTS)
      throw new Error(`${child.name} exited before it served on port ${port}; see ${child.logFile}`);
  }
}
