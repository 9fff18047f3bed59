import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where `npm run sdk:pack` (part of `npm run build`, and of `npm start` when an SDK changed) leaves
 * the SDKs the service serves, each beside its manifest, relative to the service's working directory.
 */
export const NODE_SDK_DIR = path.join('dist', 'sdk');
export const NODE_SDK_MANIFEST = 'node.json';
export const PHP_SDK_MANIFEST = 'php.json';

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

/** The packed PHP SDK: its zip, the sha1 Composer checks it by, and the package's composer.json. */
export interface PhpSdkManifest {
  name: string;
  version: string;
  filename: string;
  /** sha1 of the zip, hex: a Composer repository's `dist.shasum`. */
  shasum: string;
  size: number;
  /** What a Composer repository lists for the package: composer.json's runtime fields. */
  composer: Record<string, unknown>;
}

function readManifest<T>(file: string, root: string): T | null {
  try {
    return JSON.parse(readFileSync(path.join(root, NODE_SDK_DIR, file), 'utf8')) as T;
  } catch {
    return null;
  }
}

/** The packed SDK's manifest, or null when it was never packed here. */
export function readNodeSdkManifest(root = process.cwd()): NodeSdkManifest | null {
  return readManifest<NodeSdkManifest>(NODE_SDK_MANIFEST, root);
}

/** The packed PHP SDK's manifest, or null when it was never packed here. */
export function readPhpSdkManifest(root = process.cwd()): PhpSdkManifest | null {
  return readManifest<PhpSdkManifest>(PHP_SDK_MANIFEST, root);
}

/** The tarball's path, for a file name that is the manifest's own (nothing else is served). */
export function nodeSdkTarballPath(manifest: NodeSdkManifest, root = process.cwd()): string {
  return path.join(root, NODE_SDK_DIR, manifest.filename);
}

/** The zip's path, for a file name that is the manifest's own (nothing else is served). */
export function phpSdkZipPath(manifest: PhpSdkManifest, root = process.cwd()): string {
  return path.join(root, NODE_SDK_DIR, manifest.filename);
}
