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

if (process.env.NODE_ENV === 'production' || !hasTsx()) {
  if (!existsSync(compiled)) {
    console.error(
      `${path.relative(root, compiled)} is missing: run \`npm run build\` first (the Docker image does)` +
        (hasTsx() ? '' : ', or install the development dependencies to run the sources'),
    );
    process.exit(1);
  }
  require(compiled);
} else {
  require('tsx/cjs/api').register();
  require(path.join(root, `${entry}.ts`));
}
