import { createHash } from 'node:crypto';
import { chownSync, existsSync, lstatSync, mkdirSync, readlinkSync, rmdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { openStateDir } from './root-state-dir.js';
import { canReach, type ServerAccount } from './server-account.js';

/** A relocated cluster's directory name: readable, and unique per requested path. */
export function relocatedClusterName(databaseDir: string): string {
  const readable = databaseDir
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(-60);
  const hash = createHash('sha256').update(databaseDir).digest('hex').slice(0, 10);
  return `${readable}-${hash}`;
}

function isSymlink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Where the cluster asked for at `databaseDir` really lives, made and owned by the account that
 * runs PostgreSQL. Root's PostgreSQL account may be unable to reach `databaseDir` (a checkout in a
 * private folder such as /root): the cluster then lives under /var/lib/oi-payments/clusters and
 * `databaseDir` becomes a link to it, so the next start finds the same data. A cluster already at
 * `databaseDir` stays there.
 */
export function clusterDirectory(account: ServerAccount | null, databaseDir: string): string {
  let dir = path.resolve(databaseDir);
  if (isSymlink(dir)) {
    dir = path.resolve(path.dirname(dir), readlinkSync(dir));
  } else if (account && !existsSync(path.join(dir, 'PG_VERSION'))) {
    mkdirSync(path.dirname(dir), { recursive: true });
    if (!canReach(account, path.dirname(dir))) {
      const relocated = path.join(openStateDir('clusters'), relocatedClusterName(dir));
      console.log(
        `the ${account.name} user cannot reach ${path.dirname(dir)}: the cluster lives in ${relocated} (${dir} links to it)`,
      );
      // An empty directory is what an earlier failed start left; rmdir refuses anything more.
      if (existsSync(dir)) rmdirSync(dir);
      symlinkSync(relocated, dir);
      dir = relocated;
    }
  }
  mkdirSync(dir, { recursive: true });
  if (account) chownSync(dir, account.uid, account.gid);
  return dir;
}
