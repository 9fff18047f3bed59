import { html, page, SafeHtml } from '../pages/html.js';
import type { Guide } from './guides.js';

/** The docs site's pages: a guide with the navigation beside it. */

const DOCS_STYLE = `
  .docs { display: grid; grid-template-columns: 13rem 1fr; gap: 2rem; align-items: start; }
  .docs nav ol { list-style: none; padding: 0; margin: 0; }
  .docs nav li { margin: .35rem 0; }
  .docs nav a[aria-current="page"] { font-weight: 700; }
  .docs article table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .9rem; }
  .docs article th, .docs article td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
  .docs article pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; font-size: .85rem; }
  .docs article code { font-size: .9em; }
  /* A grid item may shrink below its widest code line, so the code block scrolls and its Copy button stays in view. */
  .docs > * { min-width: 0; }
  .docs article pre.has-copy { position: relative; padding-top: 2rem; }
  .docs .copy-code { position: absolute; top: .35rem; right: .35rem; font-size: .75rem; padding: .15rem .5rem; cursor: pointer; }
  .docs .search input { width: 100%; box-sizing: border-box; padding: .35rem .5rem; margin-bottom: .5rem; }
  .docs .search ol { list-style: none; padding: 0; margin: 0 0 1rem; font-size: .85rem; }
  .docs .search li { margin: 0 0 .6rem; }
  .docs .search small { color: #57606a; }
  @media (max-width: 48rem) { .docs { grid-template-columns: 1fr; } }
`;

/** Searches every guide's text as the reader types (api/docs/guide-script.ts); needs the script. */
const search = html`<form class="search" role="search" action="/docs/search.json" data-testid="docs-search">
  <input
    id="docs-search"
    type="search"
    name="q"
    placeholder="Search the guides"
    aria-label="Search the guides"
    autocomplete="off"
  />
  <ol id="docs-search-results" aria-label="Search results" aria-live="polite" hidden></ol>
</form>`;

function navigation(guides: readonly Guide[], current: string) {
  return html`<nav aria-label="Guides">
    <ol>
      ${guides.map(
        (g) =>
          html`<li>
            <a href="/docs/${g.slug}" ${new SafeHtml(g.slug === current ? 'aria-current="page"' : '')}
              >${g.title}</a
            >
          </li>`,
      )}
      <li><a href="/docs/api" data-testid="docs-reference-link">API reference</a></li>
      <li><a href="/api/v1/openapi/apps.json">OpenAPI document</a></li>
      <li><a href="/docs/api/operators">Operator API reference</a></li>
      <li><a href="/status" data-testid="docs-status-link">Gateway status</a></li>
    </ol>
  </nav>`;
}

/** `bodyHtml` is markdown-it's output for the guide (raw HTML in the Markdown is not allowed). */
export function guidePage(guides: readonly Guide[], guide: Guide, bodyHtml: string): string {
  const body = html`<style>
      ${new SafeHtml(DOCS_STYLE)}
    </style>
    <div class="docs">
      <div>${search} ${navigation(guides, guide.slug)}</div>
      <article data-testid="docs-guide">
        <h1>${guide.title}</h1>
        ${new SafeHtml(bodyHtml)}
      </article>
    </div>
    <script src="/docs/assets/guides.js" defer></script>`;
  return page(`${guide.title} · OI Payments docs`, body, { wide: true });
}
