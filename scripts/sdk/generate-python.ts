import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildOpenApiDocument } from '../../api/openapi/document.js';
import type { Json } from '../../api/openapi/json-schema.js';

const run = promisify(execFile);
const root = resolve(__dirname, '../..');

/** Where the Python SDK keeps its generated models and calls; nothing there is edited by hand. */
export const PYTHON_GENERATED_DIR = join(root, 'sdk/python/src/oi_payments/_generated');

/** The generator, pinned: a maintained one, run from a venv of its own so the SDK never depends on it. */
const GENERATOR = 'openapi-python-client==0.29.1';
const GENERATOR_VENV = join(root, '.cache/openapi-python-client');

/** As in generate.ts: a fixed address keeps the generated files the same on every machine. */
const DOCUMENT_URL = 'http://localhost:3000';

/**
 * Paths an app does not call with its key: the operators' API, the customer's checkout, gateways'
 * IPNs, and the probes (at the service's root, for the orchestrator).
 */
const NOT_FOR_APPS = /^\/(admin|checkout|gateways|health)(\/|$)/;

/** Every `#/components/schemas/…` name reachable from `start`, following references transitively. */
function reachableSchemas(start: unknown, schemas: Record<string, unknown>): Set<string> {
  const seen = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        const name = value.slice('#/components/schemas/'.length);
        if (!seen.has(name)) {
          seen.add(name);
          walk(schemas[name]);
        }
      } else walk(value);
    }
  };
  walk(start);
  return seen;
}

/**
 * The document an app's SDK is generated from: the app-facing paths, and only the schemas they
 * reach (the operators' schemas would double the generated code for nothing an app can call).
 */
export function appDocument(document: Json): Json {
  const paths = Object.fromEntries(
    Object.entries(document.paths as Record<string, unknown>).filter(([path]) => !NOT_FOR_APPS.test(path)),
  );
  const components = (document.components ?? {}) as Record<string, unknown>;
  const schemas = (components.schemas ?? {}) as Record<string, unknown>;
  const used = reachableSchemas({ paths, components: { ...components, schemas: {} } }, schemas);
  const { webhooks: _webhooks, ...rest } = document;
  return {
    ...rest,
    paths,
    components: {
      ...components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
    },
  };
}

async function generatorBin(): Promise<string> {
  const bin = join(GENERATOR_VENV, 'bin');
  if (!existsSync(join(bin, 'openapi-python-client'))) {
    await run('python3', ['-m', 'venv', GENERATOR_VENV]);
    await run(join(bin, 'pip'), ['install', '--quiet', '--disable-pip-version-check', GENERATOR]);
  }
  return bin;
}

/**
 * Writes the generated package from the document the API serves into `outputDir` (by default
 * sdk/python/src/oi_payments/_generated/, replacing what is there); answers the generator's log.
 */
export async function generatePythonSdk(outputDir = PYTHON_GENERATED_DIR): Promise<string> {
  const bin = await generatorBin();
  const folder = await mkdtemp(join(tmpdir(), 'oi-sdk-python-'));
  // Generated inside sdk/python, so ruff formats it for the package's own Python (requires-python in
  // its pyproject.toml: e.g. typing_extensions.Self for 3.10) wherever the result goes.
  const staging = await mkdtemp(join(root, 'sdk/python/.generating-'));
  try {
    await writeFile(
      join(folder, 'openapi.json'),
      JSON.stringify(appDocument(buildOpenApiDocument(DOCUMENT_URL))),
    );
    const { stdout, stderr } = await run(
      join(bin, 'openapi-python-client'),
      [
        'generate',
        '--path',
        join(folder, 'openapi.json'),
        '--meta',
        'none',
        '--output-path',
        join(staging, '_generated'),
      ],
      // The generator formats its output with ruff from the same venv.
      { cwd: folder, env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` }, maxBuffer: 64 << 20 },
    );
    // ruff leaves its cache beside what it formatted; it is no part of the package.
    await rm(join(staging, '_generated', '.ruff_cache'), { recursive: true, force: true });
    await rm(outputDir, { recursive: true, force: true });
    await cp(join(staging, '_generated'), outputDir, { recursive: true });
    return `${stdout}${stderr}`;
  } finally {
    await rm(folder, { recursive: true, force: true });
    await rm(staging, { recursive: true, force: true });
  }
}
