import { createServer } from 'node:net';
import { LauncherError } from './errors.js';

export interface PortClaim {
  port: number;
  /** Who needs the port and how to move it, e.g. "API; set PORT to use another". */
  owner: string;
}

/** Listening on the dual-stack wildcard collides with any IPv4 or IPv6 listener on that port. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Checks every port before anything starts, so a clash is reported up front and by name. */
export async function assertPortsFree(claims: PortClaim[]): Promise<void> {
  const seen = new Map<number, string>();
  const problems: string[] = [];
  for (const claim of claims) {
    const other = seen.get(claim.port);
    if (other) problems.push(`port ${claim.port} is wanted twice: ${other} / ${claim.owner}`);
    seen.set(claim.port, claim.owner);
  }
  const busy = await Promise.all(claims.map(async (claim) => ((await isFree(claim.port)) ? null : claim)));
  for (const claim of busy) {
    if (claim) problems.push(`port ${claim.port} is already in use (${claim.owner})`);
  }
  if (problems.length) {
    throw new LauncherError(
      `ports are not free:\n  ${problems.join('\n  ')}\nIs another \`npm start\` still running? Stop it, or move the port as shown.`,
    );
  }
}
