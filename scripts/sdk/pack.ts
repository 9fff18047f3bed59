import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NODE_SDK_DIR, NODE_SDK_MANIFEST, type NodeSdkManifest } from '../../api/docs/sdk-package.js';

/** The Node SDK's sources, relative to the repository root. */
const SDK_SOURCE = 'sdk';

/**
 * Builds the Node SDK and packs it as the tarball the service serves (`GET /sdk/node`), beside a
 * manifest that names it and records its integrity as npm writes it into an app's lockfile. Older
 * tarballs are removed, so the service serves one version: the one its API document describes.
 */
export function packNodeSdk(root: string): NodeSdkManifest {
  const destination = path.join(root, NODE_SDK_DIR);
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(root, SDK_SOURCE, 'tsconfig.json')], {
    stdio: 'inherit',
  });
  mkdirSync(destination, { recursive: true });
  // Only the Node SDK's own files: the PHP SDK's zip and the Python SDK's wheel are packed beside them.
  for (const old of readdirSync(destination).filter(
    (name) => name.endsWith('.tgz') || name === NODE_SDK_MANIFEST,
  )) {
    rmSync(path.join(destination, old), { force: true });
  }
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
      cwd: path.join(root, SDK_SOURCE),
      encoding: 'utf8',
    }),
  ) as Array<{
    name: string;
    version: string;
    filename: string;
    integrity: string;
    shasum: string;
    size: number;
  }>;
  const [tarball] = packed;
  if (!tarball) throw new Error('npm pack named no tarball');
  const manifest: NodeSdkManifest = {
    name: tarball.name,
    version: tarball.version,
    filename: tarball.filename,
    integrity: tarball.integrity,
    shasum: tarball.shasum,
    size: tarball.size,
  };
  writeFileSync(path.join(destination, NODE_SDK_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Whether the packed SDK is missing or older than a file of its sources. */
export function nodeSdkStale(root: string): boolean {
  const manifest = path.join(root, NODE_SDK_DIR, NODE_SDK_MANIFEST);
  if (!existsSync(manifest)) return true;
  const packedAt = statSync(manifest).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
        const file = path.join(dir, entry.name);
        return entry.isDirectory() ? newest(file) : statSync(file).mtimeMs;
      }),
    );
  const version = (
    JSON.parse(readFileSync(path.join(root, SDK_SOURCE, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const packedVersion = (JSON.parse(readFileSync(manifest, 'utf8')) as NodeSdkManifest).version;
  return (
    packedVersion !== version ||
    newest(path.join(root, SDK_SOURCE, 'src')) > packedAt ||
    statSync(path.join(root, SDK_SOURCE, 'package.json')).mtimeMs > packedAt
  );
}
