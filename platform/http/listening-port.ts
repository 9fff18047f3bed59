import { renameSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:net';

/** The port a listening server holds: the one it was given, or the kernel's pick when given 0. */
export function listeningPort(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the server is not listening on a TCP port');
  }
  return address.port;
}

/**
 * Tells whoever started this process which port it listens on, when they named a file for it
 * (LISTEN_PORT_FILE): how a process started on an ephemeral port (PORT=0,
 * WORKER_METRICS_PORT=ephemeral, SIMULATOR_PORT=0) is found. The port is written under a name of
 * its own and renamed into place, so a reader finds the whole number or nothing.
 */
export function reportListeningPort(file: string | undefined, port: number): void {
  if (!file) return;
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, `${port}\n`);
  renameSync(partial, file);
}
