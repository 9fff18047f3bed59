import type { Server } from 'node:http';

export interface GracefulClose {
  /** Time the server keeps taking new connections first, while readiness already says draining. */
  drainDelayMs: number;
  /** From the start, the most the whole close may take; connections still open then are cut. */
  graceMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Closes a server the way an orchestrator expects at SIGTERM: it keeps serving for the drain
 * delay (load balancers hear the readiness 503 and stop sending), then takes no new connection,
 * lets the requests in flight finish, and cuts what is left when the grace period ends.
 * Resolves with the number of connections that had to be cut.
 */
export async function closeGracefully(server: Server, timing: GracefulClose): Promise<number> {
  const started = Date.now();
  await sleep(Math.min(timing.drainDelayMs, timing.graceMs));
  if (!server.listening) return 0;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A keep-alive connection whose request finishes after close() stays open until asked again.
  const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
  let deadline: NodeJS.Timeout | undefined;
  const overdue = new Promise<true>((resolve) => {
    deadline = setTimeout(() => resolve(true), Math.max(0, timing.graceMs - (Date.now() - started)));
  });
  let cut = 0;
  try {
    if (await Promise.race([closed.then(() => false), overdue])) {
      cut = await new Promise<number>((resolve) => server.getConnections((_, count) => resolve(count)));
      server.closeAllConnections();
      await closed;
    }
  } finally {
    clearInterval(idleSweep);
    clearTimeout(deadline);
  }
  return cut;
}
