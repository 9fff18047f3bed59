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

// NODE_ENV chooses the code only; whether a setting is safe never depends on it (platform/config/deployment.ts).
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
 * The service's own processes check their settings here, before their code loads, so an unsafe one
 * stops them at once with one line per setting (each checks again itself, for `node dist/…`). The
 * development stack's relaxations need the proof that `npm start` or a test harness started the
 * process (platform/config/development-stack.ts); the CLI checks its own, beside a running `npm start`.
 */
const CHECKED_ENTRIES = new Set(['api/main', 'worker/main', 'platform/orm/migrate']);
if (CHECKED_ENTRIES.has(entry)) {
  const { ConfigError } = load('platform/config/index');
  const { loadMigrationSettings, loadStartupConfig } = load('platform/config/startup');
  try {
    // A migration reads its database alone (platform/config/startup.ts, loadMigrationSettings).
    if (entry === 'platform/orm/migrate') loadMigrationSettings(process.env);
    else loadStartupConfig(process.env, { quiet: true });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.issues) console.error(`refusing to start: ${line}`);
    process.exit(1);
  }
}

load(entry);
