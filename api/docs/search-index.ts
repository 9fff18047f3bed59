import { withGeneratedSections } from './generated-sections.js';
import type { Guide } from './guides.js';
import { markdown } from './render.js';

/**
 * What the guides' search looks through: each guide cut at its headings into sections, each
 * with the words a reader sees (prose, tables and code alike) and the id its heading has on the
 * page. Small enough (the guides are a few hundred kilobytes at most) to send whole to the
 * browser, which searches it as the reader types (api/docs/guide-script.ts).
 */
export interface SearchSection {
  /** Where the section is: /docs/<slug>#<heading id>, or the guide itself for its opening. */
  url: string;
  guide: string;
  heading: string;
  text: string;
}

export function searchIndex(guides: readonly Guide[]): SearchSection[] {
  return guides.flatMap((guide) => {
    const sections: SearchSection[] = [];
    let current: SearchSection = {
      url: `/docs/${guide.slug}`,
      guide: guide.title,
      heading: guide.title,
      text: '',
    };
    const tokens = markdown().parse(withGeneratedSections(guide.markdown), {});
    tokens.forEach((token, index) => {
      if (token.type === 'heading_open') {
        sections.push(current);
        const heading = tokens[index + 1]?.content ?? '';
        current = {
          url: `/docs/${guide.slug}#${token.attrGet('id')}`,
          guide: guide.title,
          heading,
          text: '',
        };
      } else if (token.type === 'inline' && tokens[index - 1]?.type !== 'heading_open') {
        current.text += ` ${plain(token.content)}`;
      } else if (token.type === 'fence' || token.type === 'code_block') {
        current.text += ` ${token.content}`;
      }
    });
    sections.push(current);
    return sections
      .map((section) => ({ ...section, text: section.text.replace(/\s+/g, ' ').trim() }))
      .filter((section) => section.text || section.heading !== guide.title);
  });
}

/** Inline Markdown as the words it shows: links, emphasis and code marks dropped. */
function plain(inline: string): string {
  return inline
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/<!--.*?-->/g, '');
}
