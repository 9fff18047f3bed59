import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { HANG_GUARD_MS } from './patience.js';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

const PACKERS = {
  node: { module: './scripts/sdk/pack.ts', packer: 'packNodeSdk' },
  python: { module: './scripts/sdk/pack-python.ts', packer: 'packPythonSdk' },
} as const;

/**
 * Packs an SDK into dist/sdk as `npm run sdk:pack` does, in a Node process of its own: the
 * compiler run and the wheel build then go on beside the test's other set-up (the stack's start)
 * instead of blocking the test process, and the two SDKs are packed side by side.
 */
export async function packSdkApart(language: keyof typeof PACKERS): Promise<void> {
  const { module, packer } = PACKERS[language];
  await run(
    process.execPath,
    ['--require', 'tsx/cjs', '-e', `require(${JSON.stringify(module)}).${packer}(process.cwd())`],
    { cwd: ROOT, timeout: HANG_GUARD_MS, maxBuffer: 16 * 1024 * 1024 },
  );
}
