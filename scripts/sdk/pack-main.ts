import path from 'node:path';
import { nodeSdkStale, packNodeSdk } from './pack.js';
import { packPhpSdk, phpSdkStale } from './pack-php.js';
import { packPythonSdk, pythonSdkStale } from './pack-python.js';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * `npm run sdk:pack`: builds and packs the Node SDK, zips the PHP SDK and builds the Python SDK's
 * wheel, into dist/sdk, where the service serves them. With `--if-stale` (as `npm start` runs it),
 * only an SDK whose sources changed since it was packed.
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
  if (!ifStale || pythonSdkStale(ROOT)) {
    const python = packPythonSdk(ROOT);
    console.log(`packed ${python.filename} (sha256 ${python.sha256})`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
