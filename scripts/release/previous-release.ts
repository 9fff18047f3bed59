import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

export const PREVIOUS_RELEASE_FILE = path.join(__dirname, 'previous-release.json');

/**
 * The release now running in production, which the code on main must run beside during a rolling
 * deploy: its version, the commit it was cut from, and the last migration it shipped (migrations
 * after it belong to the next release and must be expand-only, docs/operations/upgrades.md).
 */
export const previousReleaseSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'a semantic version'),
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'a full 40-character commit id'),
  lastMigration: z.string().regex(/^Migration\d{14}_\w+$/, 'a migration class name'),
  note: z.string().optional(),
});
export type PreviousRelease = z.infer<typeof previousReleaseSchema>;

export function readPreviousRelease(file = PREVIOUS_RELEASE_FILE): PreviousRelease {
  return previousReleaseSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * Writes the previous release's tree into `into` (an empty folder) from the repository at
 * `repoRoot`. A clone without that commit (a shallow one, or one that never fetched the release)
 * cannot prove the rolling upgrade: it fails and says how to fetch it, rather than skipping.
 */
export async function extractRelease(
  repoRoot: string,
  release: PreviousRelease,
  into: string,
): Promise<void> {
  try {
    await run('git', ['cat-file', '-e', `${release.commit}^{commit}`], { cwd: repoRoot });
  } catch {
    throw new Error(
      `the previous release ${release.version} (commit ${release.commit}, scripts/release/previous-release.json) is not in this clone's history: ` +
        'clone with full history (no --depth) or `git fetch --unshallow` / `git fetch origin <tag>`',
    );
  }
  // git archive rather than a worktree: nothing is registered in the repository, so a run that
  // is killed leaves no worktree behind to prune.
  await run('sh', ['-c', 'git archive --format=tar "$1" | tar -x -C "$2"', 'extract', release.commit, into], {
    cwd: repoRoot,
    maxBuffer: 1 << 20,
  });
}

/** The migration names a tree lists (platform/orm/migration-names.ts), read as text, in order. */
export function migrationNamesIn(source: string): string[] {
  return [...source.matchAll(/'(Migration\d{14}_\w+)'/g)].map((match) => match[1]!);
}
