import { escapeHtml } from '../../domain/shared/text.js';

/**
 * The frame every gateway simulator's hosted page shares: one self-contained HTML document (no
 * script, no external asset) so it works offline and without JavaScript. Each gateway adds its
 * own colours and elements through `style`.
 */

const BASE_STYLE = `
body{font-family:system-ui,sans-serif;background:#f2f4f7;margin:0;padding:2rem;color:#1d2939}
main{max-width:28rem;margin:auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin-top:0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}
dt{color:#667085}dd{margin:0;word-break:break-all}
.actions{display:grid;gap:.5rem;margin-top:1.5rem}
form{margin:0}
button{width:100%;padding:.7rem;font-size:1rem;border:0;border-radius:8px;cursor:pointer;background:#e4e7ec}
.note{color:#667085;font-size:.85rem}`;

export function simulatorPage(title: string, body: string, style = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${BASE_STYLE}${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** A payment's facts as a definition list, every label and value escaped. */
export function detailList(rows: Array<[label: string, value: string]>): string {
  return `<dl>${rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`;
}

/**
 * The path of `path` under a simulator's public URL, for its pages' forms: the public URL may carry
 * a prefix (`http://localhost:8081/bkash` when one host serves several simulators), which the
 * simulator never sees in its requests. A path, not a URL, so a page works whatever the host name
 * the browser reached it by.
 */
export function pathUnder(publicUrl: string, path: string): string {
  return new URL(publicUrl).pathname.replace(/\/+$/, '') + path;
}

export { escapeHtml };
