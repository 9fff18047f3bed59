import table from './dependency-rules.json';

/** One folder's rule as dependency-rules.json holds it (the lint's own reading: dependency-rules.mjs). */
export interface DependencyRule {
  folder: string;
  /** Where its files are, when not the folder itself (`sdk/src`). */
  base?: string;
  /** Project folders it may import; `folder/path/file` lets in one file (any `*` segment). */
  imports: string[];
  typesOnly?: string[];
  /** Modules it never loads: `"io"` for the I/O modules, or a list. */
  modules?: 'io' | string[];
  exceptions?: Array<{ files: string; imports: string[]; why: string }>;
  why: string;
}

export const DEPENDENCY_RULES: { folders: string[]; ioModules: string[]; rules: DependencyRule[] } =
  table as typeof DEPENDENCY_RULES;

export const DEPENDENCY_TABLE_START =
  '<!-- dependency-rules:start (npm run docs:architecture writes this table from scripts/lint/dependency-rules.json) -->';
export const DEPENDENCY_TABLE_END = '<!-- dependency-rules:end -->';

const code = (path: string) => `\`${path}\``;
const folderList = (paths: string[]) =>
  paths.map((path) => code(path.includes('/') ? `${path}.ts` : `${path}/`)).join(', ');

function modulesOf(rule: DependencyRule): string[] {
  if (rule.modules === 'io') return DEPENDENCY_RULES.ioModules;
  return rule.modules ?? [];
}

/** The table as docs/architecture.md prints it. */
export function dependencyTable(): string {
  const rows = DEPENDENCY_RULES.rules.map((rule) => {
    const imports = rule.imports.length > 0 ? folderList(rule.imports) : 'nothing of the project';
    const typesOnly = rule.typesOnly ? `; as types only: ${folderList(rule.typesOnly)}` : '';
    const exceptions = (rule.exceptions ?? [])
      .map((exception) => `${code(exception.files)} also ${folderList(exception.imports)}: ${exception.why}`)
      .join(' ');
    const modules = modulesOf(rule);
    const never = modules.length > 0 ? ` Never loads ${modules.map(code).join(', ')}.` : '';
    return `| ${code(`${rule.base ?? rule.folder}/`)} | ${imports}${typesOnly} | ${rule.why}${never}${
      exceptions ? ` ${exceptions}` : ''
    } |`;
  });
  return ['| folder | may import | why, and its exceptions |', '|---|---|---|', ...rows].join('\n');
}

/** `text` with the table written between its markers, or null when the markers are missing. */
export function withDependencyTable(text: string): string | null {
  const start = text.indexOf(DEPENDENCY_TABLE_START);
  const end = text.indexOf(DEPENDENCY_TABLE_END);
  if (start < 0 || end < start) return null;
  return `${text.slice(0, start + DEPENDENCY_TABLE_START.length)}\n${dependencyTable()}\n${text.slice(end)}`;
}
