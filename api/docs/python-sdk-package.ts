import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Where `npm run sdk:pack` (part of `npm run build`, and of `npm start` when the SDK changed) leaves
 * the Python SDK's wheel and its manifest, relative to the service's working directory: a folder of
 * its own under dist/sdk, so packing one SDK never removes another's files.
 */
export const PYTHON_SDK_DIR = path.join('dist', 'sdk', 'python');
export const PYTHON_SDK_MANIFEST = 'python.json';

/** The built wheel: its distribution name and version, its file, and its SHA-256 as pip checks it. */
export interface PythonSdkManifest {
  /** The distribution name as pip installs it (`oi-payments`). */
  name: string;
  version: string;
  filename: string;
  /** Hex, as a `#sha256=` fragment and a `--hash=sha256:` pin carry it. */
  sha256: string;
  size: number;
  /** The pyproject's `requires-python`, which the simple index passes on to pip. */
  requiresPython: string | null;
}

/** The packed wheel's manifest, or null when it was never packed here. */
export function readPythonSdkManifest(root = process.cwd()): PythonSdkManifest | null {
  try {
    return JSON.parse(
      readFileSync(path.join(root, PYTHON_SDK_DIR, PYTHON_SDK_MANIFEST), 'utf8'),
    ) as PythonSdkManifest;
  } catch {
    return null;
  }
}

/** The wheel's path, for a file name that is the manifest's own (nothing else is served). */
export function pythonSdkWheelPath(manifest: PythonSdkManifest, root = process.cwd()): string {
  return path.join(root, PYTHON_SDK_DIR, manifest.filename);
}
