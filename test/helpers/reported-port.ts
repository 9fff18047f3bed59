import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hangGuardDeadline, noteSlowWait } from './patience.js';

/**
 * Our own processes (the API, the worker's probes, the gateway simulators) are never handed a port:
 * they listen on one the kernel picks (PORT=0, WORKER_METRICS_PORT=ephemeral, SIMULATOR_PORT=0)
 * and write it to LISTEN_PORT_FILE once they listen (platform/http/listening-port.ts). A port
 * chosen here and handed to them could be taken by another suite before they bound it.
 */

const DIR = path.join(tmpdir(), 'oi-payments-listen-ports');
let named = 0;

/** A fresh LISTEN_PORT_FILE for one process this test starts. */
export function listenPortFile(kind: string): string {
  mkdirSync(DIR, { recursive: true });
  named += 1;
  return path.join(DIR, `${kind}-${process.pid}-${Date.now()}-${named}.port`);
}

/** The last lines of a process's log (its file, or what the test kept of it), for an error that says why it did not come up. */
function tail(log: string | (() => string) | undefined): string {
  if (!log) return '';
  try {
    return `\n${(typeof log === 'string' ? readFileSync(log, 'utf8') : log()).slice(-4000)}`;
  } catch {
    return '';
  }
}

/**
 * The port `child` reported in `file` once it listened (the file is removed once read). Fails at
 * once, with its log's tail, when the process exits first; a hang fails at the hang guard.
 */
export async function reportedPort(
  child: ChildProcess,
  file: string,
  what: string,
  /** Its log file, or what the test kept of its output. */
  log?: string | (() => string),
  /** How long a quiet machine takes to start it. */
  expectedMs = 30_000,
): Promise<number> {
  const startedAt = Date.now();
  const deadline = hangGuardDeadline(expectedMs);
  for (;;) {
    if (existsSync(file)) {
      const port = Number(readFileSync(file, 'utf8').trim());
      rmSync(file, { force: true });
      if (!Number.isInteger(port) || port <= 0) throw new Error(`${what} reported no port in ${file}`);
      noteSlowWait(`${what} to listen`, expectedMs, startedAt);
      return port;
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      // What it printed last may still be on its way through its pipes.
      await Promise.race([once(child, 'close'), new Promise((resolve) => setTimeout(resolve, 1_000))]);
      throw new Error(
        `${what} exited (${child.exitCode ?? child.signalCode}) before it listened${tail(log)}`,
      );
    }
    if (Date.now() > deadline) throw new Error(`${what} did not report a port in ${file}${tail(log)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
