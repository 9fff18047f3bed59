import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { nodeSdkStale } from '../sdk/pack.js';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Packs the Node SDK the API serves at /sdk/node when it is missing or older than its sources, in
 * a process of its own beside the rest of the start-up; resolves once the tarball is there.
 */
export async function packNodeSdkIfStale(): Promise<void> {
  if (!nodeSdkStale(ROOT)) return;
  await promisify(execFile)(process.execPath, [
    path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    path.join(ROOT, 'scripts', 'sdk', 'pack-main.ts'),
  ]);
}
