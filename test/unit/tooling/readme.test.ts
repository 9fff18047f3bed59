import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const README = path.join(ROOT, 'README.md');
const README_MAX_LINES = 200;

/** Folders at the root that are tooling or build output, not part of the project's layout. */
const NOT_LAYOUT = new Set(['node_modules', 'dist', '.tools']);

/** The folders the repository tracks at its root (dot-folders aside). */
function trackedTopLevelFolders(): string[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0');
  const folders = new Set<string>();
  for (const file of files) {
    const slash = file.indexOf('/');
    if (slash > 0) folders.add(file.slice(0, slash));
  }
  return [...folders].filter((f) => !f.startsWith('.') && !NOT_LAYOUT.has(f)).sort();
}

/** The lines of the fenced block under the README's "Where things live" heading. */
function layoutTree(readme: string): string[] {
  const lines = readme.split('\n');
  const heading = lines.findIndex((l) => /^##\s+Where things live\s*$/.test(l));
  if (heading < 0) throw new Error('README.md has no "## Where things live" heading');
  const open = lines.findIndex((l, i) => i > heading && l.startsWith('```'));
  const close = lines.findIndex((l, i) => i > open && l.startsWith('```'));
  if (open < 0 || close < 0) throw new Error('no fenced block under "Where things live"');
  return lines.slice(open + 1, close).filter((l) => l.trim() !== '');
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

/** Text outside fenced code blocks and inline code spans: links inside code are not links. */
function proseOf(markdown: string): string {
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (line.trimStart().startsWith('```')) {
        fenced = !fenced;
        return '';
      }
      return fenced ? '' : line.replace(/`[^`]*`/g, '');
    })
    .join('\n');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slugOf(heading: string): string {
  return heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of proseOf(readFileSync(file, 'utf8')).split('\n')) {
    const match = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!match) continue;
    const slug = slugOf(match[1]!);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Every relative link of a markdown file that does not resolve, as "file: target (why)". */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  const prose = proseOf(readFileSync(file, 'utf8'));
  for (const match of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1]!;
    // http:, https:, mailto:, and site paths (the guides link to the pages the API serves at /docs).
    if (/^[a-z][a-z+.-]*:/i.test(target) || target.startsWith('/')) continue;
    const [pathPart, fragment] = target.split('#', 2) as [string, string | undefined];
    const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), decodeURI(pathPart));
    const where = `${path.relative(ROOT, file)}: ${target}`;
    if (!existsSync(resolved)) {
      broken.push(`${where} (no such file)`);
      continue;
    }
    if (fragment && resolved.endsWith('.md') && statSync(resolved).isFile()) {
      if (!anchorsOf(resolved).has(fragment)) broken.push(`${where} (no such heading)`);
    }
  }
  return broken;
}

describe('README.md, the front door', () => {
  const readme = readFileSync(README, 'utf8');

  it(`stays within ${README_MAX_LINES} lines`, () => {
    expect(readme.trimEnd().split('\n').length).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('names every top-level folder in its tree, each with a one-line description, and no folder that is not there', () => {
    const tree = layoutTree(readme).map((line) => {
      const match = /^(\S+?)\/\s+(\S.*)$/.exec(line);
      if (!match) throw new Error(`tree line is not "folder/  what it holds": ${line}`);
      return { folder: match[1]!, description: match[2]!.trim() };
    });
    const named = tree.map((t) => t.folder).sort();
    expect(named).toEqual(trackedTopLevelFolders());
    for (const { folder, description } of tree) {
      expect(statSync(path.join(ROOT, folder)).isDirectory()).toBe(true);
      expect(description.length).toBeGreaterThan(10);
    }
  });
});

describe('links between the docs', () => {
  const files = [README, ...markdownFiles(path.join(ROOT, 'docs'))];

  it('finds the pages it checks', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('resolves every relative link, and its heading, in README.md and docs/', () => {
    expect(files.flatMap(brokenLinks)).toEqual([]);
  });
});
