import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where `npm run sdk:pack` (part of `npm run build`, and of `npm start` when the SDK changed) leaves
 * the Node SDK's tarball and its manifest, relative to the service's working directory.
 */
export const NODE_SDK_DIR = path.join('dist', 'sdk');
export const NODE_SDK_MANIFEST = 'node.json';

/** The packed SDK: its package name and version, its file, and the integrity npm records for it. */
export interface NodeSdkManifest {
  name: string;
  version: string;
  filename: string;
  /** `sha512-…`, as a lockfile records it. */
  integrity: string;
  shasum: string;
  size: number;
}

/** The packed SDK's manifest, or null when it was never packed here. */
export function readNodeSdkManifest(root = process.cwd()): NodeSdkManifest | null {
  try {
    return JSON.parse(
      readFileSync(path.join(root, NODE_SDK_DIR, NODE_SDK_MANIFEST), 'utf8'),
    ) as NodeSdkManifest;
  } catch {
    return null;
  }
}

/** The tarball's path, for a file name that is the manifest's own (nothing else is served). */
export function nodeSdkTarballPath(manifest: NodeSdkManifest, root = process.cwd()): string {
  return path.join(root, NODE_SDK_DIR, manifest.filename);
}
