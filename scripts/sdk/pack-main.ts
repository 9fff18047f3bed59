import path from 'node:path';
import { nodeSdkStale, packNodeSdk } from './pack.js';
import { packPhpSdk, phpSdkStale } from './pack-php.js';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * `npm run sdk:pack`: builds and packs the Node SDK, and zips the PHP SDK, into dist/sdk, where the
 * service serves them. With `--if-stale` (as `npm start` runs it), only an SDK whose sources changed
 * since it was packed.
 */
async function main(): Promise<void> {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || nodeSdkStale(ROOT)) {
    const node = packNodeSdk(ROOT);
    console.log(`packed ${node.filename} (${node.integrity})`);
  }
  if (!ifStale || phpSdkStale(ROOT)) {
    const php = await packPhpSdk(ROOT);
    console.log(`packed ${php.filename} (sha1 ${php.shasum})`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
