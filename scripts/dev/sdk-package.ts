import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { nodeSdkStale } from '../sdk/pack.js';
import { phpSdkStale } from '../sdk/pack-php.js';
import { pythonSdkStale } from '../sdk/pack-python.js';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Packs the SDKs the API serves (the Node SDK at /sdk/node, the PHP SDK's Composer repository at
 * /sdk/php, the Python SDK's wheel and simple index at /sdk/python) when missing or older than
 * their sources, in a process of its own beside the rest of the start-up; resolves once they are
 * there.
 */
export async function packSdksIfStale(): Promise<void> {
  if (!nodeSdkStale(ROOT) && !phpSdkStale(ROOT) && !pythonSdkStale(ROOT)) return;
  await promisify(execFile)(process.execPath, [
    path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    path.join(ROOT, 'scripts', 'sdk', 'pack-main.ts'),
    '--if-stale',
  ]);
}
