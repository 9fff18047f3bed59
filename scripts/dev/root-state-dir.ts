import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Where root keeps what PostgreSQL's account must reach: copies of the binaries and relocated clusters. */
export const ROOT_STATE_DIR = '/var/lib/oi-payments';

/** A directory under ROOT_STATE_DIR that every account can traverse, whatever root's umask. */
export function openStateDir(...segments: string[]): string {
  let dir = ROOT_STATE_DIR;
  mkdirSync(path.join(dir, ...segments), { recursive: true });
  chmodSync(dir, 0o755);
  for (const segment of segments) {
    dir = path.join(dir, segment);
    chmodSync(dir, 0o755);
  }
  return dir;
}
