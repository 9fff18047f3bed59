import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  PYTHON_SDK_DIR,
  PYTHON_SDK_MANIFEST,
  type PythonSdkManifest,
} from '../../api/docs/python-sdk-package.js';

/** The Python SDK's sources, relative to the repository root. */
const PYTHON_SOURCE = path.join('sdk', 'python');
/** What the wheel is built from; tests and examples stay out of it. */
const BUILT_FROM = ['pyproject.toml', 'README.md', 'src'];
/** Left behind by Python itself or by an editable install, never part of the package. */
const NOT_SOURCE = new Set(['__pycache__', 'build']);

/**
 * The interpreter that builds the wheel: OI_SDK_PYTHON when set, else the tools venv
 * `npm install` makes (.tools/python-sdk, with setuptools pinned), else python3 on the PATH (a
 * deployment's build stage).
 */
function buildingPython(root: string): string {
  if (process.env.OI_SDK_PYTHON) return process.env.OI_SDK_PYTHON;
  const venv = path.join(root, '.tools', 'python-sdk', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

function sourceFile(file: string): boolean {
  const name = path.basename(file);
  return !NOT_SOURCE.has(name) && !name.endsWith('.egg-info') && !name.endsWith('.pyc');
}

/**
 * Builds the Python SDK's wheel into dist/sdk/python, beside a manifest that names it and records
 * its SHA-256, for the service to serve (`GET /sdk/python` and a PEP 503 simple index). Offline:
 * no build isolation, no index; the building interpreter's own setuptools builds it. The sources
 * are copied to a folder of their own first, so the build leaves nothing in the checkout and two
 * builds at once do not meet. Timestamps are fixed, so the same sources give the same bytes, and
 * older wheels are removed: the service serves one version, the one its API document describes.
 */
export function packPythonSdk(root: string): PythonSdkManifest {
  const work = mkdtempSync(path.join(tmpdir(), 'oi-python-sdk-'));
  try {
    const source = path.join(work, 'source');
    for (const entry of BUILT_FROM) {
      cpSync(path.join(root, PYTHON_SOURCE, entry), path.join(source, entry), {
        recursive: true,
        filter: sourceFile,
      });
    }
    const built = path.join(work, 'wheel');
    execFileSync(
      buildingPython(root),
      [
        '-m',
        'pip',
        'wheel',
        '--no-deps',
        '--no-build-isolation',
        '--no-index',
        '--disable-pip-version-check',
        '--quiet',
        '--wheel-dir',
        built,
        source,
      ],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
        // 1980-01-01, the earliest time a zip entry holds.
        env: { ...process.env, SOURCE_DATE_EPOCH: '315532800', PYTHONDONTWRITEBYTECODE: '1' },
      },
    );
    const [filename, ...others] = readdirSync(built).filter((file) => file.endsWith('.whl'));
    if (!filename || others.length > 0) throw new Error(`pip wheel made ${filename ?? 'no'} wheel`);
    const bytes = readFileSync(path.join(built, filename));

    // Each file is put in place whole (a rename), and older wheels go after: a request served
    // meanwhile finds either the old pair or the new one.
    const destination = path.join(root, PYTHON_SDK_DIR);
    mkdirSync(destination, { recursive: true });
    const inPlace = (name: string, write: (file: string) => void) => {
      const partial = path.join(destination, `.${name}.${process.pid}`);
      write(partial);
      renameSync(partial, path.join(destination, name));
    };
    inPlace(filename, (file) => copyFileSync(path.join(built, filename), file));
    // A wheel's name is `{distribution}-{version}-{tags}.whl` (the binary distribution format).
    const [distribution, version] = filename.split('-');
    const pyproject = readFileSync(path.join(root, PYTHON_SOURCE, 'pyproject.toml'), 'utf8');
    const manifest: PythonSdkManifest = {
      name: distribution!.replace(/_/g, '-'),
      version: version!,
      filename,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
      requiresPython: /^requires-python\s*=\s*"([^"]+)"/m.exec(pyproject)?.[1] ?? null,
    };
    inPlace(PYTHON_SDK_MANIFEST, (file) => writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`));
    for (const old of readdirSync(destination)) {
      if (old.endsWith('.whl') && old !== filename) rmSync(path.join(destination, old), { force: true });
    }
    return manifest;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Whether the packed wheel is missing or older than a file it is built from. */
export function pythonSdkStale(root: string): boolean {
  const manifest = path.join(root, PYTHON_SDK_DIR, PYTHON_SDK_MANIFEST);
  if (!existsSync(manifest)) return true;
  const packedAt = statSync(manifest).mtimeMs;
  const newest = (file: string): number => {
    if (!sourceFile(file)) return 0;
    const stat = statSync(file);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return Math.max(0, ...readdirSync(file).map((name) => newest(path.join(file, name))));
  };
  return BUILT_FROM.some((entry) => newest(path.join(root, PYTHON_SOURCE, entry)) > packedAt);
}
