import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_WORDS, withDeploymentWords, type DeploymentWords } from './deployment-words.js';

/**
 * The guides of the docs site, in reading order: Markdown files in docs/guides/ of the
 * repository (copied beside dist/ in the image). Each file's first line is its `# Title`.
 */
export const GUIDE_SLUGS = [
  'introduction',
  'getting-started',
  'sdks',
  'authentication',
  'core-concepts',
  'accept-a-payment',
  'webhooks',
  'idempotency',
  'responses-and-errors',
  'invoicing',
  'refunds',
  'disputes',
  'going-live',
] as const;
export type GuideSlug = (typeof GUIDE_SLUGS)[number];

export interface Guide {
  slug: GuideSlug;
  title: string;
  /** The Markdown after its title line. */
  markdown: string;
}

/** docs/guides beside the source (api/docs/) or the compiled code (dist/api/docs/). */
export function guidesFolder(): string {
  const candidates = [
    join(__dirname, '..', '..', 'docs', 'guides'),
    join(__dirname, '..', '..', '..', 'docs', 'guides'),
  ];
  const found = candidates.find((folder) => existsSync(join(folder, 'introduction.md')));
  if (!found) throw new Error(`The docs guides are missing: looked in ${candidates.join(' and ')}`);
  return found;
}

/**
 * Reads every guide once, in this deployment's words (its base URLs, who runs it); a guide
 * without its `# Title` line is a broken build, said at start.
 */
export function loadGuides(words: DeploymentWords = LOCAL_WORDS, folder = guidesFolder()): Guide[] {
  return GUIDE_SLUGS.map((slug) => {
    const text = withDeploymentWords(readFileSync(join(folder, `${slug}.md`), 'utf8'), words);
    const [first, ...rest] = text.split('\n');
    const title = /^# (.+)$/.exec(first ?? '')?.[1];
    if (!title) throw new Error(`docs/guides/${slug}.md must start with a "# Title" line`);
    return { slug, title: title.trim(), markdown: rest.join('\n') };
  });
}

export function isGuideSlug(value: string): value is GuideSlug {
  return (GUIDE_SLUGS as readonly string[]).includes(value);
}
