// ESLint reads this outside any transform: plain JavaScript.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * The dependency rules of docs/architecture.md, as ESLint configuration: one
 * `no-restricted-imports` rule per top-level folder (and one per exception, after it), each
 * refusing every project folder the table does not let that folder import. The table lives in
 * dependency-rules.json; the page prints it (`npm run docs:architecture`), so the page, the lint
 * and the code say the same.
 */
export const dependencyRules = JSON.parse(
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'dependency-rules.json'), 'utf8'),
);

/**
 * The patterns that refuse `folder` except the one file `allowed` names inside it (`platform/
 * temporal/search-attributes`, `workflows/<any>/messages`). Import paths are matched gitignore
 * style, where a file cannot be let back in below a refused folder: each folder on the way is
 * let in and its other entries refused again.
 */
function allExcept(up, folder, allowed) {
  const rest = allowed.slice(folder.length + 1).split('/');
  const patterns = [`${up}${folder}/*/**`];
  let within = folder;
  for (const segment of rest.slice(0, -1)) {
    within = `${within}/${segment}`;
    patterns.push(`!${up}${within}`, `${up}${within}/*`);
  }
  patterns.push(`!${up}${within}/${rest[rest.length - 1]}.js`);
  return patterns;
}

/** The deepest nesting the rules are written for (test/unit/tooling/dependency-rules.test.ts checks no file is deeper). */
const DEEPEST = 8;

/**
 * A top-level folder is named in an import by climbing to the root: from `api/admin/apps/x.ts`,
 * `../../../db/`. Patterns are written per depth, so a folder of the same name inside a layer
 * (`scripts/sdk/`) is that layer's own.
 */
function restrictions(rule, imports, folder, up) {
  const message = `${rule.folder}/ may import ${imports.join(', ') || 'no project folder'}${
    rule.typesOnly ? ` (and ${rule.typesOnly.join(', ')} as types only)` : ''
  }: docs/architecture.md, "Dependency rules".`;
  const patterns = [];
  for (const other of dependencyRules.folders) {
    if (other === folder || imports.includes(other)) continue;
    const partial = imports.find((entry) => entry.startsWith(`${other}/`));
    patterns.push({
      group: partial ? allExcept(up, other, partial) : [`${up}${other}/**`],
      allowTypeImports: rule.typesOnly?.includes(other) ?? false,
      message,
    });
  }
  const modules = rule.modules === 'io' ? dependencyRules.ioModules : (rule.modules ?? []);
  if (modules.length > 0)
    patterns.push({
      group: modules,
      message: `${rule.folder}/ loads none of ${modules.join(', ')}: docs/architecture.md, "Dependency rules".`,
    });
  return { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] };
}

/** ESLint configuration objects: each folder's rule, then its exceptions (a later one replaces it for its files). */
export function dependencyLint() {
  return dependencyRules.rules.flatMap((rule) => {
    const base = rule.base ?? rule.folder;
    const baseDepth = base.split('/').length;
    return Array.from({ length: DEEPEST - baseDepth + 1 }, (_, nested) => {
      const atDepth = `${base}/${'*/'.repeat(nested)}*.ts`;
      const up = '../'.repeat(baseDepth + nested);
      return [
        { files: [atDepth], rules: restrictions(rule, rule.imports, rule.folder, up) },
        ...(rule.exceptions ?? []).map((exception) => ({
          files: [[exception.files, atDepth]],
          rules: restrictions(rule, [...rule.imports, ...exception.imports], rule.folder, up),
        })),
      ];
    }).flat();
  });
}
