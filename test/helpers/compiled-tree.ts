import {
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { transformFile, type Options } from '@swc/core';
import { requireEnv, testEnv } from './test-env.js';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The service's own folders, compiled for the processes a test starts: the CLI, the API and the
 * worker. Under tsx each such process spent about a second more CPU resolving and compiling the
 * same modules, a few hundred processes a run; compiled once, they load as `node dist/…` does.
 */
const SOURCE_FOLDERS = [
  'activities',
  'api',
  'db',
  'domain',
  'gateways',
  'platform',
  'scripts',
  'worker',
  'workflows',
];

/** As Jest compiles the same files (jest.config.js): types stripped, CommonJS, ES2022. */
const SWC_OPTIONS: Options = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  swcrc: false,
  configFile: false,
};

/** Where the tree is written. */
export const COMPILED_TREE = path.join(ROOT, '.cache', 'tree');
/** Folders the code reads beside itself (`docs/guides` two folders up), linked into the tree. */
const LINKED_FOLDERS = ['docs'];

function sourcesUnder(folder: string): string[] {
  const entries = readdirSync(path.join(ROOT, folder), { withFileTypes: true });
  return entries.flatMap((entry) => {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourcesUnder(relative);
    const isSource =
      entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.ts');
    return isSource ? [relative] : [];
  });
}

function modifiedAt(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Compiles every source whose output is missing or was not compiled from the source as it is now
 * (an output carries its source's modification time, so a source moved back in time by a checkout
 * is compiled again too); returns the tree's root. A file is written under a temporary name and
 * renamed, so a process never loads half of one.
 */
export async function compileTree(): Promise<{ root: string; compiled: number }> {
  const stale = SOURCE_FOLDERS.flatMap(sourcesUnder).flatMap((source) => {
    const sourceAt = modifiedAt(path.join(ROOT, source)) ?? 0;
    const compiledAt = modifiedAt(path.join(COMPILED_TREE, outputName(source)));
    // Times carried over by utimes may differ below the millisecond.
    return compiledAt === null || Math.abs(compiledAt - sourceAt) >= 1 ? [{ source, sourceAt }] : [];
  });
  await Promise.all(
    stale.map(async ({ source, sourceAt }) => {
      const output = path.join(COMPILED_TREE, outputName(source));
      const { code } = await transformFile(path.join(ROOT, source), SWC_OPTIONS);
      mkdirSync(path.dirname(output), { recursive: true });
      const partial = `${output}.${process.pid}.partial`;
      writeFileSync(partial, code);
      utimesSync(partial, sourceAt / 1000, sourceAt / 1000);
      renameSync(partial, output);
    }),
  );
  for (const folder of LINKED_FOLDERS) {
    const link = path.join(COMPILED_TREE, folder);
    try {
      symlinkSync(path.join(ROOT, folder), link);
    } catch (error) {
      // Linked by an earlier run, or by another run starting beside this one.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return { root: COMPILED_TREE, compiled: stale.length };
}

function outputName(source: string): string {
  return source.replace(/\.ts$/, '.js');
}

/** A compiled entry point's file in the run's tree (global set-up's), e.g. `compiledEntry('api/main')`. */
export function compiledEntry(entry: string): string {
  return path.join(requireEnv(testEnv.compiledTree), `${entry}.js`);
}
