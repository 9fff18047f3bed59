import type MarkdownIt from 'markdown-it';
import { withGeneratedSections } from './generated-sections.js';
import type { Guide } from './guides.js';

/**
 * Guides to HTML with markdown-it. Raw HTML in the Markdown is not passed through (the guides
 * are ours, but a page that cannot carry a script needs no review to stay that way); tables and
 * fenced code are CommonMark + GFM tables. Every heading gets an id from its words, so the
 * search (api/docs/search-index.ts) can link to the section it found.
 */
let parser: MarkdownIt | undefined;

/** A heading's words as an id: lower case, each run of other characters one hyphen. */
export function headingId(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  );
}

/** Gives each heading of a guide its id; a second heading with the same words gets -2, and so on. */
function headingIds(md: MarkdownIt): void {
  md.core.ruler.push('heading_ids', (state) => {
    const used = new Map<string, number>();
    state.tokens.forEach((token, index) => {
      if (token.type !== 'heading_open') return;
      const base = headingId(state.tokens[index + 1]?.content ?? '');
      const seen = used.get(base) ?? 0;
      used.set(base, seen + 1);
      token.attrSet('id', seen === 0 ? base : `${base}-${seen + 1}`);
    });
  });
}

/** Built with the first guide served: an API process that serves none never loads markdown-it. */
export function markdown(): MarkdownIt {
  if (!parser) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Markdown = require('markdown-it') as typeof MarkdownIt;
    parser = new Markdown({ html: false, linkify: false, typographer: false });
    headingIds(parser);
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
