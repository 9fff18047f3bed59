import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Ports for programs that cannot report the port they took (the Temporal CLI's dev server,
 * PostgreSQL, Caddy): each must be told its port before it starts. Our own processes (the API,
 * the worker, the simulators) never come here: they listen on a port the kernel picks and name it
 * (test/helpers/reported-port.ts).
 *
 * A drawn port is exclusive across every suite of the run (and every run on the machine): it is
 * claimed by a lock file created with O_EXCL in a directory they share, held until released or
 * until its process exits. It is drawn below the kernel's ephemeral range, where no socket is given
 * a port unasked. What else may bind it in between (a program outside the tests) is caught by
 * `startOnDrawnPorts`, which starts the program again on other ports when it says its address is
 * in use. test/unit/tooling/port-hand-offs.test.ts keeps every other test from choosing a port.
 */

/** Where the claims live: one file per drawn port, holding the pid of the process that drew it. */
export const PORT_CLAIMS_DIR = path.join(tmpdir(), 'oi-payments-port-claims');

/** The kernel's ephemeral range: where `listen(0)` and every outgoing connection take their ports. */
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

const held = new Set<number>();
let exitHook = false;

function claimsDir(): string {
  mkdirSync(PORT_CLAIMS_DIR, { recursive: true });
  // Shared by every user's runs on the machine (root's CI beside a developer's), like /tmp itself.
  try {
    chmodSync(PORT_CLAIMS_DIR, 0o1777);
  } catch {
    // Another user's directory: theirs to set.
  }
  return PORT_CLAIMS_DIR;
}

const claimFile = (port: number) => path.join(PORT_CLAIMS_DIR, String(port));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the port's claim, or takes over one whose process is gone; false when another holds it. */
function claim(port: number): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(claimFile(port), 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(port);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(claimFile(port), 'utf8'));
    } catch {
      // Released meanwhile: try again.
      continue;
    }
    // A claim being written (no pid yet) or one whose process lives is held.
    if (!owner || alive(owner)) return false;
    try {
      unlinkSync(claimFile(port));
    } catch {
      // Another process took the stale claim over first.
    }
  }
  return false;
}

function release(port: number): void {
  if (!held.delete(port)) return;
  try {
    if (Number(readFileSync(claimFile(port), 'utf8')) === process.pid) unlinkSync(claimFile(port));
  } catch {
    // Already gone.
  }
}

const bindable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

export interface DrawnPort {
  port: number;
  /** Lets another suite draw it again (the program on it has stopped). */
  release: () => void;
}

/**
 * Claims `port` for this process, taking over a claim whose process is gone; null when another
 * live process holds it (or this one already does). `drawPort` draws through it.
 */
export function claimPort(port: number): DrawnPort | null {
  claimsDir();
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => [...held].forEach(release));
  }
  if (held.has(port) || !claim(port)) return null;
  return { port, release: () => release(port) };
}

/**
 * A port no other suite holds and nothing listens on now, claimed for this process until
 * released or until it exits. Only for programs that cannot report a port of the kernel's choosing.
 */
export async function drawPort(): Promise<DrawnPort> {
  const [low] = ephemeralRange();
  const from = 10_000;
  const to = Math.min(low, 49_152) - 1;
  for (let tries = 0; to > from && tries < 200; tries++) {
    const claimed = claimPort(from + Math.floor(Math.random() * (to - from + 1)));
    if (!claimed) continue;
    if (await bindable(claimed.port)) return claimed;
    claimed.release();
  }
  throw new Error(`no port between ${from} and ${to} is free and unclaimed (claims in ${PORT_CLAIMS_DIR})`);
}

/**
 * A port nothing listens on and no other suite will bind while this one holds it: for a test that
 * needs a connection refused. (A port the kernel handed out and took back could be handed to any
 * socket of the run the moment after.)
 */
export function closedPort(): Promise<DrawnPort> {
  return drawPort();
}

/** What a program prints when the address it was told to take is taken. */
export const ADDRESS_IN_USE = /address already in use|EADDRINUSE|is already in use/i;

/**
 * Starts a program that must be told its ports (`count` of them) on drawn ones; when it fails
 * because an address is in use (its error, which should carry the program's log tail, says so),
 * draws others and starts it again, up to `tries` times. The ports stay claimed until `release`.
 */
export async function startOnDrawnPorts<T>(
  what: string,
  count: number,
  start: (ports: number[]) => Promise<T>,
  tries = 5,
): Promise<{ started: T; ports: number[]; release: () => void }> {
  let last: unknown;
  for (let attempt = 1; attempt <= tries; attempt++) {
    const drawn: DrawnPort[] = [];
    for (let i = 0; i < count; i++) drawn.push(await drawPort());
    const ports = drawn.map((d) => d.port);
    const releaseAll = () => drawn.forEach((d) => d.release());
    try {
      return { started: await start(ports), ports, release: releaseAll };
    } catch (error) {
      releaseAll();
      if (!ADDRESS_IN_USE.test(String(error))) throw error;
      last = error;
    }
  }
  throw new Error(
    `${what} found its address in use on ${tries} draws of ports in a row; the last:\n${String(last)}`,
  );
}
