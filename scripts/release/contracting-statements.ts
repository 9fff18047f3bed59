/**
 * Finds the statements in a migration that the release still running during a rolling deploy may
 * not survive (docs/operations/upgrades.md): dropping or renaming what it reads, changing a
 * column's type, or making a column it does not write required. A lexical check of PostgreSQL's
 * DDL as the migrations write it, not a parser: it reads `alter table` actions one by one, and
 * ignores comments, string literals and function bodies.
 */

export type ContractingKind =
  | 'DROP TABLE'
  | 'DROP VIEW'
  | 'DROP COLUMN'
  | 'RENAME'
  | 'ALTER TYPE'
  | 'SET NOT NULL without default'
  | 'ADD COLUMN NOT NULL without default';

export interface ContractingStatement {
  kind: ContractingKind;
  /** The statement, comments and literals blanked, whitespace folded. */
  statement: string;
}

/** Comments, string literals and dollar-quoted bodies out, so a word inside one is not read as DDL. */
function blankLiterals(sql: string): string {
  return sql
    .replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, "''")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/--[^\n]*/g, ' ');
}

/** Splits at `separator` outside parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map((part) => part.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

const unquote = (identifier: string) => identifier.replace(/"/g, '');

/** `drop <word>` inside `alter table` that drops something other than a column. */
const DROPS_NOT_A_COLUMN = new Set(['constraint', 'default', 'not', 'identity', 'expression']);

/** The columns a migration gives a default, by `add column … default` or `set default`. */
function columnsGivenDefaults(statements: string[]): Set<string> {
  const columns = new Set<string>();
  for (const statement of statements) {
    for (const match of statement.matchAll(
      /\badd (?:column )?(?:if not exists )?("?[\w]+"?) [^,]*?\bdefault\b/g,
    )) {
      columns.add(unquote(match[1]!));
    }
    for (const match of statement.matchAll(/\balter (?:column )?("[^"]+"|\w+) set default\b/g)) {
      columns.add(unquote(match[1]!));
    }
  }
  return columns;
}

function alterTableActions(statement: string): string[] {
  const match = /^alter table (?:if exists )?(?:only )?\S+ (.*)$/.exec(statement);
  return match ? splitTopLevel(match[1]!, ',') : [];
}

/** `alter [column] <name> <change>`: a column named like the keyword would be quoted. */
function alteredColumn(action: string): { column: string; change: string } | null {
  const match = /^alter (?:column )?("[^"]+"|\w+) (.*)$/.exec(action);
  return match ? { column: unquote(match[1]!), change: match[2]! } : null;
}

function actionKind(action: string, defaults: Set<string>): ContractingKind | null {
  if (/^rename /.test(action) && !/^rename constraint /.test(action)) return 'RENAME';
  const drop = /^drop (?:column )?(?:if exists )?("?\w+"?)/.exec(action);
  if (drop && (/^drop column /.test(action) || !DROPS_NOT_A_COLUMN.has(unquote(drop[1]!))))
    return 'DROP COLUMN';
  const altered = alteredColumn(action);
  if (altered && /^(?:set data )?type /.test(altered.change)) return 'ALTER TYPE';
  if (altered && /^set not null\b/.test(altered.change) && !defaults.has(altered.column)) {
    return 'SET NOT NULL without default';
  }
  if (
    /^add (?:column )?/.test(action) &&
    !/^add (?:constraint|primary key|unique|check|foreign key|exclude)\b/.test(action) &&
    /\bnot null\b/.test(action) &&
    !/\b(?:default|generated)\b/.test(action)
  ) {
    return 'ADD COLUMN NOT NULL without default';
  }
  return null;
}

/** The contracting statements among `sql` (one migration's statements, in any number of strings). */
export function contractingStatements(sql: string | string[]): ContractingStatement[] {
  const statements = (Array.isArray(sql) ? sql : [sql])
    .flatMap((text) => splitTopLevel(blankLiterals(text).toLowerCase(), ';'))
    .filter(Boolean);
  const defaults = columnsGivenDefaults(statements);
  const found: ContractingStatement[] = [];
  for (const statement of statements) {
    if (/^drop table\b/.test(statement)) found.push({ kind: 'DROP TABLE', statement });
    else if (/^drop (?:materialized )?view\b/.test(statement)) found.push({ kind: 'DROP VIEW', statement });
    else if (
      /^alter (?:table|view|materialized view) (?:if exists )?\S+ rename\b/.test(statement) &&
      !/ rename constraint /.test(statement)
    ) {
      found.push({ kind: 'RENAME', statement });
    } else {
      for (const action of alterTableActions(statement)) {
        const kind = actionKind(action, defaults);
        if (kind) found.push({ kind, statement });
      }
    }
  }
  return found;
}

/**
 * A migration that contracts on purpose says so in its source, naming the release that stopped
 * reading what it removes: `// contract: 0.3.0 stopped reading payments.legacy_status`.
 */
export function contractMarkers(source: string): string[] {
  return [...source.matchAll(/\bcontract: (\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?) stopped reading\b/g)].map(
    (match) => match[1]!,
  );
}
