#!/usr/bin/env node
// Moves files by a map and rewrites every reference to them, so each still points at the same file.
//
//   node apply.mjs <move-map.tsv> [--dry-run]
//
// Run from the repository root (a clean git checkout with node_modules/typescript). The map holds one
// line per file: `old/path.ts<TAB>new/path.ts` (`#` starts a comment; a line whose new path equals its
// old path records a file that deliberately stays). The script:
//   1. checks the map against the tracked files: an old path that no longer exists is reported and
//      skipped; a new path already taken is reported and skipped; tracked files in the reorganised
//      folders that the map does not name are listed;
//   2. reads every tracked .ts/.mts/.cts/.tsx/.js/.mjs/.cjs file with the TypeScript parser and notes
//      each relative string that names a tracked file or folder: import/export specifiers, `import()`,
//      `require`, `jest.mock`, `new URL('./x', import.meta.url)`, `require.resolve`, and
//      `join/resolve(__dirname, '..', 'x', ...)` segment lists;
//   3. `git mv`s every file;
//   4. rewrites each noted string so it names the same file from the file's new place, keeping its
//      form (`.js` for a `.ts` source, no extension, a folder's index);
//   5. rewrites relative Markdown links, and exact repository paths with an extension
//      (`db/refunds/refunds.ts`) in comments, Markdown and configuration files; `node scripts/start.cjs x`
//      entries; the `include` lists of tsconfig*.json (top-level folders that appear or vanish);
//   6. prints what it could not fix: paths built from the repository root in code, glob patterns
//      in eslint.config.mjs and jest configs, and anything else naming a folder that vanished.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const posix = path.posix;
const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const mapFile = args.find((a) => !a.startsWith('--'));
if (!mapFile) {
  console.error('usage: node apply.mjs <move-map.tsv> [--dry-run]');
  process.exit(2);
}
const root = process.cwd();
const ts = createRequire(path.join(root, 'package.json'))('typescript');

// Folders the map is meant to cover, and the parts of them that stay by rule.
const COVERED = [
  'activities/',
  'api/',
  'config/',
  'db/',
  'domain/',
  'documents/',
  'emails/',
  'telemetry/',
  'temporal/',
  'webhooks/',
  'workflows/',
  'test/integration/',
  'test/unit/',
];
const EXEMPT = ['api/admin/', 'db/migrations/'];
const CODE_EXT = /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/;
const SKIP = /^(node_modules|dist|sdk\/dist|\.tools|\.cache|\.data)\//;

const report = { missing: [], taken: [], uncovered: [], manual: [], fixedText: [], partialDirs: new Set() };

function git(...a) {
  return execFileSync('git', a, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
}
const tracked = new Set(
  git('ls-files', '-z')
    .split('\0')
    .filter((f) => f && !SKIP.test(f) && existsSync(path.join(root, f))),
);
const trackedDirs = new Set();
for (const f of tracked) {
  let d = posix.dirname(f);
  while (d !== '.') {
    trackedDirs.add(d);
    d = posix.dirname(d);
  }
}

// ---- 1. the map -------------------------------------------------------------------------------
const moves = new Map(); // old -> new
const stays = new Set();
const newPaths = new Map();
for (const [i, raw] of readFileSync(mapFile, 'utf8').split('\n').entries()) {
  const line = raw.replace(/#.*$/, '').trim();
  if (!line) continue;
  const [from, to, extra] = line.split('\t').map((s) => s?.trim());
  if (!from || !to || extra) {
    console.error(`${mapFile}:${i + 1}: expected "old<TAB>new": ${raw}`);
    process.exit(2);
  }
  if (!tracked.has(from)) {
    report.missing.push(`${from} (map line ${i + 1})`);
    continue;
  }
  if (from === to) {
    stays.add(from);
    continue;
  }
  if (newPaths.has(to)) {
    report.taken.push(`${to}: named twice (${newPaths.get(to)} and ${from}); ${from} stays`);
    continue;
  }
  newPaths.set(to, from);
  moves.set(from, to);
}
for (const [from, to] of [...moves]) {
  if (tracked.has(to) && !moves.has(to)) {
    report.taken.push(`${to}: already a tracked file; ${from} stays`);
    moves.delete(from);
  }
}
for (const f of tracked) {
  if (!COVERED.some((p) => f.startsWith(p)) || EXEMPT.some((p) => f.startsWith(p))) continue;
  if (!moves.has(f) && !stays.has(f)) report.uncovered.push(f);
}

const newPathOf = (f) => moves.get(f) ?? f;

/** A folder's new place: where all its moved files went, if they went to one place. */
const dirCache = new Map();
const partlyMoved = new Set();
function newDirOf(dir, referenced = false) {
  if (dir === '.' || dir === '') return '.';
  if (referenced && dirCache.has(dir) && dirCache.get(dir) === dir && partlyMoved.has(dir))
    report.partialDirs.add(dir);
  if (dirCache.has(dir)) return dirCache.get(dir);
  const prefix = dir === '.' || dir === '' ? '' : dir + '/';
  let target = null;
  let consistent = true;
  let anyMoved = false;
  let anyStayed = false;
  for (const f of tracked) {
    if (!f.startsWith(prefix)) continue;
    const rest = f.slice(prefix.length);
    const to = newPathOf(f);
    if (to === f) {
      anyStayed = true;
      continue;
    }
    anyMoved = true;
    if (!to.endsWith('/' + rest)) {
      consistent = false;
      continue;
    }
    const base = to.slice(0, to.length - rest.length - 1);
    if (target === null) target = base;
    else if (target !== base) consistent = false;
  }
  let result = dir;
  if (anyMoved && consistent && !anyStayed) result = target;
  else if (anyMoved) {
    partlyMoved.add(dir);
    if (referenced) report.partialDirs.add(dir);
  }
  dirCache.set(dir, result);
  return result;
}

// ---- 2. references in code ---------------------------------------------------------------------
const TS_FOR_JS = {
  '.js': ['.ts', '.tsx', '.js'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
  '.jsx': ['.tsx', '.jsx'],
};
const BARE_EXTS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.mts', '.cts', '.json'];

/** What a relative path from `fromDir` names: a tracked file (and how it was spelled) or folder. */
function resolveRelative(fromDir, spec) {
  const clean = spec.replace(/[?#].*$/, '');
  const p = posix.normalize(posix.join(fromDir, clean)).replace(/\/$/, '');
  if (p.startsWith('..')) return null;
  if (p === '.') return { kind: 'dir', dir: '.' };
  const ext = posix.extname(p);
  if (TS_FOR_JS[ext]) {
    for (const e of TS_FOR_JS[ext]) {
      const c = p.slice(0, -ext.length) + e;
      if (tracked.has(c)) return { kind: e === ext ? 'exact' : 'js-ext', file: c, ext };
    }
  }
  if (tracked.has(p)) return { kind: 'exact', file: p };
  for (const e of BARE_EXTS) if (tracked.has(p + e)) return { kind: 'no-ext', file: p + e };
  for (const e of ['.ts', '.js'])
    if (tracked.has(`${p}/index${e}`)) return { kind: 'index', file: `${p}/index${e}`, dir: p };
  if (trackedDirs.has(p)) return { kind: 'dir', dir: p };
  return null;
}

function relativeSpec(fromDir, to) {
  let r = posix.relative(fromDir, to) || '.';
  if (!r.startsWith('.')) r = './' + r;
  return r;
}
const stripExt = (f) => f.replace(/\.(ts|tsx|mts|cts|js|mjs|cjs|jsx|json)$/, '');

/** The string that names `target` from the importer's new place, in the form the old one had. */
function rewrittenSpec(importer, spec, target) {
  const fromDir = posix.dirname(newPathOf(importer));
  const suffix = spec.match(/[?#].*$/)?.[0] ?? '';
  const trailingSlash = /\/$/.test(spec.replace(/[?#].*$/, ''));
  let out;
  switch (target.kind) {
    case 'exact':
      out = relativeSpec(fromDir, newPathOf(target.file));
      break;
    case 'js-ext':
      out = stripExt(relativeSpec(fromDir, newPathOf(target.file))) + target.ext;
      break;
    case 'no-ext':
      out = stripExt(relativeSpec(fromDir, newPathOf(target.file)));
      break;
    case 'index': {
      const nf = newPathOf(target.file);
      out = /^index\./.test(posix.basename(nf))
        ? relativeSpec(fromDir, posix.dirname(nf))
        : stripExt(relativeSpec(fromDir, nf));
      break;
    }
    case 'dir':
      out = relativeSpec(fromDir, newDirOf(target.dir, true));
      break;
  }
  if (trailingSlash && !out.endsWith('/')) out += '/';
  return out + suffix;
}

const edits = new Map(); // file -> [{start, end, text}]
const addEdit = (file, start, end, text) => {
  if (!edits.has(file)) edits.set(file, []);
  edits.get(file).push({ start, end, text });
};
const quote = (q, s) => q + s + q;

/** `x`, `path.x`, `posix.x` where x is join or resolve. */
function isPathJoin(expr) {
  const name = ts.isIdentifier(expr)
    ? expr.text
    : ts.isPropertyAccessExpression(expr)
      ? expr.name.text
      : null;
  return name === 'join' || name === 'resolve';
}
const isStringLit = (n) => ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n);

const ROOT_NAMES = /^(ROOT|root|REPO_ROOT|repoRoot|projectRoot|PROJECT_ROOT)$/;
const movedNoExt = new Map([...moves].map(([o, n]) => [stripExt(o), n]));
const vanishingTop = new Set();

function scanCode(file) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const kind = /\.(js|mjs|cjs|jsx)$/.test(file)
    ? ts.ScriptKind.JS
    : file.endsWith('x')
      ? ts.ScriptKind.TSX
      : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const dir = posix.dirname(file);
  const fileMoves = moves.has(file);
  const handled = new Set();

  function visit(node) {
    // join(__dirname, '..', 'workflows', x): the literal segments after __dirname name a path.
    if (ts.isCallExpression(node) && isPathJoin(node.expression) && node.arguments.length > 1) {
      const [first, ...rest] = node.arguments;
      const lits = [];
      for (const a of rest) {
        if (!isStringLit(a)) break;
        lits.push(a);
      }
      if (ts.isIdentifier(first) && first.text === '__dirname' && lits.length) {
        lits.forEach((l) => handled.add(l));
        handleSegments(node, lits);
      } else if (ts.isIdentifier(first) && ROOT_NAMES.test(first.text) && lits.length) {
        lits.forEach((l) => handled.add(l));
        rootSegments(node, lits);
      }
    }
    if (isStringLit(node) && !handled.has(node)) {
      const s = node.text;
      if (s.startsWith('./') || s.startsWith('../')) {
        const target = resolveRelative(dir, s);
        if (target) {
          const next = rewrittenSpec(file, s, target);
          if (next !== s) {
            const start = node.getStart(sf);
            const q = text[start];
            addEdit(file, start, node.end, quote(q, next));
          }
        }
      } else if (/^[\w.-]+\/[\w./-]+$/.test(s)) {
        const next = rootPathRewrite(s);
        if (next) {
          const start = node.getStart(sf);
          addEdit(file, start, node.end, quote(text[start], next));
          report.fixedText.push(`${newPathOf(file)}: "${s}" (a path from the repository root) -> "${next}"`);
        } else checkRootPath(s, node);
      }
    }
    if (ts.isTemplateExpression(node) && /^\.\.?\//.test(node.head.text) && fileMoves) {
      manual(file, node, `template path \`${node.getText(sf).slice(0, 80)}\`: check by hand`);
    }
    ts.forEachChild(node, visit);
  }

  function handleSegments(call, lits) {
    const segs = lits.map((l) => l.text);
    // Longest literal prefix that names something tracked.
    for (let n = segs.length; n > 0; n--) {
      const rel = segs.slice(0, n).join('/');
      const target = resolveRelative(dir, rel.startsWith('.') ? rel : './' + rel);
      if (!target) continue;
      let newTarget;
      if (target.kind === 'dir') newTarget = newDirOf(target.dir, true);
      else if (target.kind === 'index') newTarget = posix.dirname(newPathOf(target.file));
      else if (target.kind === 'exact') newTarget = newPathOf(target.file);
      else {
        manual(
          file,
          call,
          `path segments ${JSON.stringify(segs)} name ${target.file} without its extension: check by hand`,
        );
        return;
      }
      const newRel = posix.relative(posix.dirname(newPathOf(file)), newTarget) || '.';
      const oldRel = posix.normalize(segs.slice(0, n).join('/'));
      if (newRel === oldRel) return;
      const q = sf.text[lits[0].getStart(sf)];
      const replacement = newRel
        .split('/')
        .map((s) => quote(q, s))
        .join(', ');
      addEdit(file, lits[0].getStart(sf), lits[n - 1].end, replacement);
      return;
    }
    if (fileMoves)
      manual(file, call, `path from __dirname ${JSON.stringify(segs)} names nothing tracked: check by hand`);
  }

  function rootSegments(call, lits) {
    const segs = lits.map((l) => l.text);
    for (let n = segs.length; n > 0; n--) {
      const joined = posix.normalize(segs.slice(0, n).join('/'));
      const next =
        rootPathRewrite(joined) ??
        (trackedDirs.has(joined) && !partlyMoved.has(joined) && newDirOf(joined) !== joined
          ? newDirOf(joined)
          : null);
      if (next) {
        const q = sf.text[lits[0].getStart(sf)];
        addEdit(
          file,
          lits[0].getStart(sf),
          lits[n - 1].end,
          next
            .split('/')
            .map((x) => quote(q, x))
            .join(', '),
        );
        report.fixedText.push(
          `${newPathOf(file)}: root path segments ${JSON.stringify(segs.slice(0, n))} -> ${JSON.stringify(next.split('/'))}`,
        );
        return;
      }
      if (tracked.has(joined) || trackedDirs.has(joined)) break;
    }
    checkRootPath(posix.normalize(segs.join('/')), call);
  }

  function checkRootPath(s, node) {
    const p = posix.normalize(s).replace(/\/$/, '');
    if (moves.has(p) || movedNoExt.has(p)) {
      manual(
        file,
        node,
        `"${s}" is a path from the repository root; it moves to ${moves.get(p) ?? stripExt(movedNoExt.get(p))}`,
      );
    } else if (trackedDirs.has(p) && newDirOf(p) !== p) {
      manual(file, node, `"${s}" is a folder from the repository root; it moves to ${newDirOf(p)}`);
    } else if (vanishingTop.has(p.split('/')[0]) && p.includes('/')) {
      manual(file, node, `"${s}" names a folder that no longer exists after the moves`);
    }
  }

  visit(sf);
}

/** A path from the repository root naming a moved file, as the same kind of path to its new place. */
function rootPathRewrite(s) {
  const p = posix.normalize(s);
  if (moves.has(p)) return moves.get(p);
  if (movedNoExt.has(p) && tracked.has(p + posix.extname(movedNoExt.get(p))))
    return stripExt(movedNoExt.get(p));
  return null;
}

function manual(file, node, msg) {
  const sf = node.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  report.manual.push(`${newPathOf(file)}:${line + 1} (was ${file}): ${msg}`);
}

// Top-level folders that every file leaves, and ones that appear.
const topOf = (f) => (f.includes('/') ? f.split('/')[0] : null);
const topsBefore = new Set([...tracked].map(topOf).filter(Boolean));
const topsAfter = new Set([...tracked].map((f) => topOf(newPathOf(f))).filter(Boolean));
for (const t of topsBefore) if (!topsAfter.has(t)) vanishingTop.add(t);
const appearingTop = [...topsAfter].filter((t) => !topsBefore.has(t));

for (const f of tracked) if (CODE_EXT.test(f) && !f.endsWith('.d.ts.map')) scanCode(f);

// ---- 3. text: Markdown links, exact paths in prose and configuration ------------------------------
const TEXT_FILES = [...tracked].filter(
  (f) =>
    /\.(md|json|ya?ml|toml|txt|sh)$/.test(f) ||
    CODE_EXT.test(f) ||
    /(^|\/)(Dockerfile|\.dockerignore|\.gitignore|\.prettierignore|\.eslintignore)$/.test(f) ||
    f.startsWith('.ci/') ||
    f.startsWith('deploy/'),
);
const exactMoves = [...moves].sort((a, b) => b[0].length - a[0].length);
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A repository path, bare or as `./path` right after a quote (a path from the working directory,
// such as `require('./config/x.ts')` in a script a test runs from the repository root).
const pathTokenRes = exactMoves.map(([o, n]) => [
  new RegExp(`(?<![\\w./@-])${escapeRe(o)}(?![\\w/-])|(?<=['"\`]\\./)${escapeRe(o)}(?![\\w/-])`, 'g'),
  n,
  o,
]);
const startEntryRe = /(scripts\/start\.cjs\s+)([\w./-]+)/g;

function mdLinks(file, text) {
  const dir = posix.dirname(file);
  return text.replace(
    /(\]\()([^)\s]+?)((?:#[^)\s]*)?)(\s+"[^"]*")?\)/g,
    (m, open, target, hash, title = '') => {
      if (/^[a-z]+:|^#|^\//i.test(target)) return m;
      const t = resolveRelative(dir, target.startsWith('.') ? target : './' + target);
      if (!t) return m;
      let next = rewrittenSpec(file, target.startsWith('.') ? target : './' + target, t);
      if (!target.startsWith('.') && next.startsWith('./')) next = next.slice(2);
      return `${open}${next}${hash}${title})`;
    },
  );
}

const textEdits = new Map(); // file -> new whole text (applied after code edits)
function textPass(file, text) {
  let out = text;
  if (file.endsWith('.md')) out = mdLinks(file, out);
  for (const [re, n, o] of pathTokenRes) {
    out = out.replace(re, () => {
      report.fixedText.push(`${newPathOf(file)}: ${o} -> ${n}`);
      return n;
    });
  }
  out = out.replace(startEntryRe, (m, pre, entry) => {
    const moved = moves.get(entry + '.ts');
    if (!moved) return m;
    report.fixedText.push(`${newPathOf(file)}: start entry ${entry} -> ${stripExt(moved)}`);
    return pre + stripExt(moved);
  });
  if (/(^|\/)tsconfig[^/]*\.json$/.test(file)) out = tsconfigIncludes(file, out);
  return out;
}

function tsconfigIncludes(file, text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    report.manual.push(
      `${file}: not plain JSON; update "include" by hand (${[...vanishingTop].join(', ')} gone; ${appearingTop.join(', ')} new)`,
    );
    return text;
  }
  if (!Array.isArray(json.include)) return text;
  const inc = json.include;
  const hasTopLevelList = inc.some((e) => topsBefore.has(e));
  if (!hasTopLevelList) return text;
  const next = inc.filter((e) => !vanishingTop.has(e));
  // A new top-level folder is compiled where the folders its files came from were.
  for (const t of appearingTop) {
    const sources = [...moves].filter(([, n]) => topOf(n) === t).map(([o]) => topOf(o));
    if (sources.some((s) => inc.includes(s)) && !next.includes(t)) next.push(t);
  }
  if (next.join() === inc.join()) return text;
  report.fixedText.push(`${file}: include ${JSON.stringify(inc)} -> ${JSON.stringify(next)}`);
  const m = text.match(/("include"\s*:\s*)\[[^\]]*\]/);
  const indent = text.match(/\n(\s+)"include"/)?.[1] ?? '  ';
  return text.replace(
    m[0],
    `${m[1]}[\n${next.map((e) => `${indent}  ${JSON.stringify(e)}`).join(',\n')}\n${indent}]`,
  );
}

// Configuration that names folders by glob or by root path: reported, not rewritten.
const CONFIG_FILES = [...tracked].filter(
  (f) =>
    /^(package\.json|jest[^/]*\.(js|cjs|mjs|ts)|eslint\.config\.mjs|tsconfig[^/]*\.json|Dockerfile|docker-compose\.ya?ml|\.dockerignore|\.prettierignore|\.gitignore)$/.test(
      f,
    ) ||
    f.startsWith('.ci/') ||
    f.startsWith('deploy/') ||
    /^scripts\/[^/]+\.(cjs|mjs)$/.test(f) ||
    /^sdk\/[^/]+\.json$/.test(f),
);
function configReport(file, text) {
  const lines = text.split('\n');
  const movedDirs = [...new Set([...moves.keys()].map((o) => posix.dirname(o)))].filter(
    (d) => newDirOf(d) !== d || report.partialDirs.has(d),
  );
  lines.forEach((line, i) => {
    const hits = new Set();
    for (const t of vanishingTop)
      if (new RegExp(`(?<![\\w./@$-])${escapeRe(t)}/[\\w*{]|^\\s*["']${escapeRe(t)}["'],?\\s*$`).test(line))
        hits.add(`${t}/ (folder gone)`);
    for (const d of movedDirs)
      if (d.includes('/') && line.includes(d + '/')) hits.add(`${d}/ (files moved out)`);
    for (const [o] of exactMoves)
      if (new RegExp(`(?<![\\w./@-])${escapeRe(stripExt(o))}(?![\\w/-])`).test(line)) hits.add(o);
    if (/^\s*\/\//.test(line) && !hits.size) return;
    if (hits.size)
      report.manual.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}  <- ${[...hits].join(', ')}`);
  });
}

/** Markdown lines that list a vanished top-level folder as a folder (layout trees, tables). */
function markdownFolderReport(file, text) {
  text.split('\n').forEach((line, i) => {
    for (const t of vanishingTop) {
      if (new RegExp(`(^|[\\s│├└─|\`*])${escapeRe(t)}/(?=[\\s|\`*]|$)`).test(line))
        report.manual.push(
          `${file}:${i + 1}: lists the folder ${t}/, which no longer exists: ${line.trim().slice(0, 100)}`,
        );
    }
  });
}

// ---- 4. apply --------------------------------------------------------------------------------
if (!dryRun) {
  for (const [from, to] of moves) {
    mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    git('mv', from, to);
  }
}
let rewritten = 0;
const written = new Set();
for (const [file, list] of edits) {
  const where = path.join(root, dryRun ? file : newPathOf(file));
  let text = readFileSync(where, 'utf8');
  list.sort((a, b) => b.start - a.start);
  for (const e of list) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  rewritten += list.length;
  if (!dryRun) {
    writeFileSync(where, text);
    written.add(newPathOf(file));
  } else textEdits.set(file, text);
}
for (const file of TEXT_FILES) {
  const where = path.join(root, dryRun ? file : newPathOf(file));
  const before = dryRun && textEdits.has(file) ? textEdits.get(file) : readFileSync(where, 'utf8');
  const after = textPass(file, before);
  if (after !== before && !dryRun) {
    writeFileSync(where, after);
    written.add(newPathOf(file));
  }
}
for (const file of [...tracked].filter((f) => f.endsWith('.md'))) {
  markdownFolderReport(
    newPathOf(file),
    readFileSync(path.join(root, dryRun ? file : newPathOf(file)), 'utf8'),
  );
}
for (const file of CONFIG_FILES) {
  const where = path.join(root, dryRun ? file : newPathOf(file));
  configReport(newPathOf(file), readFileSync(where, 'utf8'));
}

// Longer paths can push an import past the print width: the repository's own Prettier re-formats
// exactly the files rewritten here (its .prettierignore still applies).
const prettier = path.join(root, 'node_modules', '.bin', 'prettier');
let formatted = 'not run (no node_modules/.bin/prettier)';
if (!dryRun && written.size && existsSync(prettier)) {
  const list = [...written].filter((f) => /\.(ts|mts|cts|tsx|js|mjs|cjs|jsx|md|json|ya?ml)$/.test(f));
  try {
    execFileSync(prettier, ['--write', '--log-level', 'warn', ...list], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    formatted = `${list.length} rewritten files formatted with Prettier`;
  } catch {
    formatted = 'Prettier failed on some rewritten files: run `npx prettier --write` on them';
  }
}

// ---- 5. report -------------------------------------------------------------------------------
const section = (title, items) => {
  if (!items.length) return;
  console.log(`\n## ${title} (${items.length})`);
  for (const i of items) console.log(`  ${i}`);
};
console.log(
  `${dryRun ? '[dry run] ' : ''}${moves.size} files moved, ${stays.size} kept by the map, ${rewritten} module strings rewritten.`,
);
if (!dryRun) console.log(formatted);
if (vanishingTop.size)
  console.log(
    `Top-level folders gone: ${[...vanishingTop].join(', ')}; new: ${appearingTop.join(', ') || 'none'}`,
  );
section('Map lines whose old path is not a tracked file (skipped)', report.missing);
section('Map lines whose new path is taken (skipped)', report.taken);
section('Tracked files in the reorganised folders that the map does not name', report.uncovered);
section('Folders partly moved (a string naming the folder itself was left as is)', [...report.partialDirs]);
section('Paths rewritten in prose and configuration', report.fixedText);
section('For manual follow-up', report.manual);
