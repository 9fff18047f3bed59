// Runs one of the service's entry points: the compiled JavaScript in dist/ in production (after
// `npm run build`), the TypeScript sources through tsx otherwise.
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

if (process.env.NODE_ENV === 'production') {
  if (!existsSync(compiled)) {
    console.error(
      `${path.relative(root, compiled)} is missing: run \`npm run build\` first (the Docker image does)`,
    );
    process.exit(1);
  }
  require(compiled);
} else {
  require('tsx/cjs/api').register();
  require(path.join(root, `${entry}.ts`));
}
