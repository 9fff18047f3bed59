import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The Node.js that runs the service's compiled processes in the bench: the runtime production
 * runs (the image's `node:24`), not necessarily the one running the bench. A machine on Node 20
 * would otherwise measure costs the deployment never pays (Nagad's PKCS#1 v1.5 decryption, which
 * Node 20 refuses natively and node-forge does in JavaScript at several times the CPU).
 *
 * BENCH_NODE names a binary; otherwise Node 24 from `.tools/node24` (npm install's postinstall
 * puts it there, scripts/install-tools.mjs); otherwise the bench's own runtime, said in the report.
 */
export const NODE24 = path.join('.tools', 'node24', 'node_modules', 'node', 'bin', 'node');

export interface ServiceNode {
  path: string;
  version: string;
  /** Why this one: `BENCH_NODE`, `.tools/node24` or `the bench's own`. */
  source: string;
}

export function serviceNode(root: string, env: NodeJS.ProcessEnv = process.env): ServiceNode {
  const named = env.BENCH_NODE;
  if (named) return { path: named, version: versionOf(named), source: 'BENCH_NODE' };
  const bundled = path.join(root, NODE24);
  if (existsSync(bundled)) return { path: bundled, version: versionOf(bundled), source: '.tools/node24' };
  return { path: process.execPath, version: process.version, source: "the bench's own" };
}

function versionOf(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}
