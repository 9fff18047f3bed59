import type MarkdownIt from 'markdown-it';
import { withGeneratedSections } from './generated-sections.js';
import type { Guide } from './guides.js';

/**
 * Guides to HTML with markdown-it. Raw HTML in the Markdown is not passed through (the guides
 * are ours, but a page that cannot carry a script needs no review to stay that way); tables and
 * fenced code are CommonMark + GFM tables.
 */
let parser: MarkdownIt | undefined;

/** Built with the first guide served: an API process that serves none never loads markdown-it. */
function markdown(): MarkdownIt {
  if (!parser) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Markdown = require('markdown-it') as typeof MarkdownIt;
    parser = new Markdown({ html: false, linkify: false, typographer: false });
  }
  return parser;
}

/** Fenced blocks keep their language as a class, so the page can tell a runnable `sh` example. */
export function renderGuide(guide: Guide): string {
  return markdown().render(withGeneratedSections(guide.markdown));
}

/** The runnable examples of a guide: its fenced `sh` blocks, in order. */
export function shellExamples(guide: Pick<Guide, 'markdown'>): string[] {
  return markdown()
    .parse(guide.markdown, {})
    .filter((token) => token.type === 'fence' && token.info.trim() === 'sh')
    .map((token) => token.content);
}
