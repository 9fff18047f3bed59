import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { nodeSdkStale } from '../sdk/pack.js';
import { pythonSdkStale } from '../sdk/pack-python.js';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Packs the SDKs the API serves (/sdk/node, /sdk/python) that are missing or older than their
 * sources, in a process of its own beside the rest of the start-up; resolves once they are there.
 */
export async function packSdksIfStale(): Promise<void> {
  const stale = [nodeSdkStale(ROOT) && 'node', pythonSdkStale(ROOT) && 'python'].filter(
    (name): name is string => Boolean(name),
  );
  if (stale.length === 0) return;
  await promisify(execFile)(process.execPath, [
    path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
    path.join(ROOT, 'scripts', 'sdk', 'pack-main.ts'),
    ...stale,
  ]);
}
