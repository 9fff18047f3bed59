import { createHash } from 'node:crypto';
import { chmodSync, chownSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ServerAccount } from './server-account.js';

/** sun_path holds 108 bytes on Linux, its terminating NUL included (104 on macOS and the BSDs). */
const SOCKET_PATH_LIMIT = process.platform === 'linux' ? 107 : 103;

/**
 * Where the embedded PostgreSQL keeps its Unix socket and the socket's lock file
 * (`.s.PGSQL.<port>` and `.s.PGSQL.<port>.lock`). PostgreSQL's default is the shared /tmp, where
 * two stacks on the same port collide even in separate network namespaces (the second finds the
 * first's lock). They go in the cluster's own directory, under DATA_DIR, so each data directory
 * has its own. A socket path longer than the kernel takes (a deeply nested checkout) cannot be
 * created at all: then a short directory under /tmp named by a hash of the cluster's path,
 * still one per data directory. The stack connects over TCP; the socket is only PostgreSQL's own.
 */
export function socketDirectory(clusterDir: string, port: number, account: ServerAccount | null): string {
  if (Buffer.byteLength(path.join(clusterDir, `.s.PGSQL.${port}.lock`)) <= SOCKET_PATH_LIMIT)
    return clusterDir;
  const hash = createHash('sha256').update(path.resolve(clusterDir)).digest('hex').slice(0, 16);
  const dir = path.join('/tmp', `oi-pg-${hash}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (account) chownSync(dir, account.uid, account.gid);
  return dir;
}
