import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEPENDENCY_RULES,
  withDependencyTable,
  type DependencyRule,
} from '../../../scripts/lint/dependency-table.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** As scripts/lint/dependency-rules.mjs writes its patterns. */
const DEEPEST = 8;
/** Top-level folders that hold no code of ours (dependencies, caches, build output, data). */
const NOT_CODE = new Set(['node_modules', 'dist', 'docs', 'deploy', 'bench-results']);

interface LintCase {
  filePath: string;
  code: string;
  refused: boolean;
  why: string;
}

const baseOf = (rule: DependencyRule) => rule.base ?? rule.folder;
const up = (file: string) => '../'.repeat(file.split('/').length - 1);

function sourcesUnder(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(relative);
    return /\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative] : [];
  });
}

/** Every case each row of the table implies: what it may import is let through, the rest refused. */
function casesOf(rule: DependencyRule): LintCase[] {
  const cases: LintCase[] = [];
  // A file right in the folder and one two folders down: the patterns are written per depth.
  for (const file of [`${baseOf(rule)}/sample.ts`, `${baseOf(rule)}/one/two/sample.ts`]) {
    for (const other of DEPENDENCY_RULES.folders.filter((folder) => folder !== rule.folder)) {
      const mayImport = rule.imports.includes(other);
      const asType = mayImport || (rule.typesOnly?.includes(other) ?? false);
      cases.push({
        filePath: file,
        code: `import { value } from '${up(file)}${other}/some/module.js';\nexport const copy = value;\n`,
        refused: !mayImport,
        why: `${file} importing ${other}/`,
      });
      cases.push({
        filePath: file,
        code: `import type { Value } from '${up(file)}${other}/some/module.js';\nexport type Copy = Value;\n`,
        refused: !asType,
        why: `${file} importing a type of ${other}/`,
      });
    }
    for (const entry of rule.imports.filter((entry) => entry.includes('/'))) {
      const allowed = entry.replaceAll('*', 'any');
      const sibling = `${allowed.slice(0, allowed.lastIndexOf('/'))}/other-file`;
      for (const [target, refused] of [
        [allowed, false],
        [sibling, true],
      ] as const) {
        cases.push({
          filePath: file,
          code: `import { value } from '${up(file)}${target}.js';\nexport const copy = value;\n`,
          refused,
          why: `${file} importing ${target}`,
        });
      }
    }
    const modules = rule.modules === 'io' ? DEPENDENCY_RULES.ioModules : (rule.modules ?? []);
    for (const module of modules) {
      const name = module.replace('/*', '/anything').replace(':*', ':fs');
      cases.push({
        filePath: file,
        code: `import { value } from '${name}';\nexport const copy = value;\n`,
        refused: true,
        why: `${file} loading ${name}`,
      });
    }
  }
  for (const exception of rule.exceptions ?? []) {
    const inside = exception.files.replace('/**/', '/any/').replace('/**', '/any/sample.ts');
    for (const other of exception.imports) {
      const code = (file: string) =>
        `import { value } from '${up(file)}${other}/some/module.js';\nexport const copy = value;\n`;
      cases.push({
        filePath: inside,
        code: code(inside),
        refused: false,
        why: `${inside} importing ${other}/`,
      });
      const outside = `${baseOf(rule)}/elsewhere/sample.ts`;
      cases.push({
        filePath: outside,
        code: code(outside),
        refused: true,
        why: `${outside} importing ${other}/`,
      });
    }
  }
  return cases;
}

describe('the dependency rules of docs/architecture.md', () => {
  it('are printed on the page as the table lint reads', () => {
    const page = readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
    expect(withDependencyTable(page)).not.toBeNull();
    // On a difference, `npm run docs:architecture` writes the table again.
    expect(withDependencyTable(page)).toBe(page);
  });

  it('cover every top-level folder that holds code, each with its own row, to the depth lint is written for', () => {
    const codeFolders = readdirSync(ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !NOT_CODE.has(entry.name))
      .map((entry) => entry.name)
      .filter((folder) => sourcesUnder(folder).length > 0);
    const rows = DEPENDENCY_RULES.rules.map((rule) => rule.folder);
    expect(new Set(rows).size).toBe(rows.length);
    expect([...codeFolders].sort()).toEqual([...DEPENDENCY_RULES.folders].sort());
    expect([...rows].sort()).toEqual([...DEPENDENCY_RULES.folders].sort());

    const tooDeep = DEPENDENCY_RULES.rules.flatMap((rule) =>
      sourcesUnder(baseOf(rule)).filter(
        (file) => file.split(path.sep).length - baseOf(rule).split('/').length > DEEPEST,
      ),
    );
    expect(tooDeep).toEqual([]);
  });

  it('are enforced by lint: each row lets through what it names and refuses every other folder', () => {
    const cases = DEPENDENCY_RULES.rules.flatMap(casesOf);
    // A folder of the same name inside a layer is the layer's own (scripts/sdk/ is not sdk/).
    cases.push({
      filePath: 'scripts/dev/sample.ts',
      code: "import { value } from '../sdk/pack.js';\nexport const copy = value;\n",
      refused: false,
      why: 'scripts/dev/ importing scripts/sdk/',
    });
    const scratch = mkdtempSync(path.join(tmpdir(), 'dependency-rules-'));
    try {
      const file = path.join(scratch, 'cases.json');
      writeFileSync(file, JSON.stringify(cases));
      const output = execFileSync(
        process.execPath,
        [path.join(ROOT, 'test', 'helpers', 'lint-imports.mjs'), file],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      const messages = JSON.parse(output) as string[][];
      const wrong = cases
        .map((lintCase, index) => ({ ...lintCase, messages: messages[index] ?? [] }))
        .filter((lintCase) => lintCase.messages.length > 0 !== lintCase.refused)
        .map(
          (lintCase) => `${lintCase.why}: ${lintCase.refused ? 'not refused' : lintCase.messages.join('; ')}`,
        );
      expect(wrong).toEqual([]);
      expect(cases.filter((lintCase) => lintCase.refused).length).toBeGreaterThan(100);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
