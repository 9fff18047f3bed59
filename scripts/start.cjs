// Runs one of the service's entry points: the compiled JavaScript in dist/ in production (after
// `npm run build`), the TypeScript sources through tsx otherwise. tsx is a development dependency:
// an install without it (`npm ci --omit=dev`) runs the compiled entry whatever NODE_ENV says.
// Usage: node scripts/start.cjs api/main
const path = require('node:path');
const { existsSync } = require('node:fs');

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/start.cjs <entry, e.g. api/main>');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const compiled = path.join(root, 'dist', `${entry}.js`);
process.argv.splice(2, 1);

function hasTsx() {
  try {
    require.resolve('tsx/cjs/api');
    return true;
  } catch {
    return false;
  }
}

// NODE_ENV chooses the code only; whether a setting is safe never depends on it (config/deployment.ts).
// Without tsx (a production install) only the compiled code can run.
const compiledCode = process.env.NODE_ENV === 'production' || !hasTsx();
const load = (name) =>
  require(compiledCode ? path.join(root, 'dist', `${name}.js`) : path.join(root, `${name}.ts`));

if (compiledCode) {
  if (!existsSync(compiled)) {
    console.error(
      `${path.relative(root, compiled)} is missing: run \`npm run build\` first (the Docker image does)` +
        (hasTsx() ? '' : ', or install the development dependencies to run the sources'),
    );
    process.exit(1);
  }
} else {
  require('tsx/cjs/api').register();
}

/**
 * The api and the worker are a deployment's processes: they never take the development stack's
 * relaxations, and their settings are checked here, before the service's code loads, so an unsafe
 * one stops them at once with one line per setting.
 */
const SERVICE_ENTRIES = new Set(['api/main', 'worker/main']);
if (SERVICE_ENTRIES.has(entry)) {
  const refuse = (lines) => {
    for (const line of lines) console.error(`refusing to start: ${line}`);
    process.exit(1);
  };
  if (process.env.OI_PAYMENTS_STACK) {
    refuse([
      'OI_PAYMENTS_STACK: only `npm start` and the tests set it, for processes they start themselves; unset it (`npm run start:api` and `start:worker` keep every rule)',
    ]);
  }
  const { ConfigError, loadConfig } = load('config/index');
  try {
    loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    refuse(error.issues);
  }
}

load(entry);
