import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Audience } from '../openapi/tags.js';

/**
 * The interactive API references: Swagger UI, served from the swagger-ui-dist package (no CDN).
 * Apps read theirs at /docs/api (the app operations alone, from /api/v1/openapi/apps.json);
 * operators theirs at /docs/api/operators. Its assets are read once and served with long
 * caching; the start-up script is a file of ours, since the pages allow no inline script, and
 * reads which document to show from the page.
 */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;
export type ReferenceAsset = keyof typeof ASSETS | 'reference.js';

/**
 * Authorize keeps the reader's TEST key and secret across reloads (persistAuthorization), and
 * "Try it out" fills each body with its documented example and shows the curl it sends.
 */
const START = `window.addEventListener('load', function () {
  var root = document.getElementById('reference');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-document'),
    dom_id: '#reference',
    deepLinking: true,
    defaultModelsExpandDepth: 0,
    defaultModelExpandDepth: 3,
    docExpansion: 'list',
    filter: true,
    persistAuthorization: true,
    tryItOutEnabled: false,
    requestSnippetsEnabled: true,
    displayRequestDuration: true,
  });
  // One form for the pair: Swagger UI's own Authorize asks for the key and the secret apart.
  var credentials = document.getElementById('credentials');
  if (credentials) {
    credentials.addEventListener('submit', function (event) {
      event.preventDefault();
      window.ui.preauthorizeApiKey('ApiKey', credentials.elements.key.value.trim());
      window.ui.preauthorizeApiKey('ApiSecret', credentials.elements.secret.value.trim());
      document.getElementById('credentials-state').textContent = 'Requests from "Try it out" now carry this key and secret.';
    });
  }
});
`;

export interface ReferenceAssets {
  get(name: string): { type: string; body: Buffer } | null;
}

export function loadReferenceAssets(): ReferenceAssets {
  const folder = dirname(require.resolve('swagger-ui-dist/swagger-ui-bundle.js'));
  const files = new Map<string, { type: string; body: Buffer }>(
    Object.entries(ASSETS).map(([name, type]) => [name, { type, body: readFileSync(join(folder, name)) }]),
  );
  files.set('reference.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(START) });
  return { get: (name) => files.get(name) ?? null };
}

const PAGES: Record<Audience, { title: string; document: string }> = {
  apps: {
    title: 'API reference',
    document: '/api/v1/openapi/apps.json',
  },
  operators: {
    title: 'Operator API reference',
    document: '/api/v1/openapi/operators.json',
  },
};

/** The app's TEST key and secret in one step, for "Try it out" (kept across reloads, as Authorize keeps them). */
const CREDENTIALS_FORM = `<form id="credentials" data-testid="docs-credentials" style="font-family: sans-serif; margin: 0 2rem 1rem; display: flex; gap: .75rem; flex-wrap: wrap; align-items: end">
      <label>Your TEST key <input name="key" autocomplete="off" placeholder="oi_test_…" size="28" /></label>
      <label>Secret <input name="secret" type="password" autocomplete="off" placeholder="oi_test_sk_…" size="28" /></label>
      <button type="submit">Use for Try it out</button>
      <span id="credentials-state" role="status"></span>
    </form>`;

export function referencePage(audience: Audience = 'apps'): string {
  // What to do with a TEST key is said by the document's own description, at the top of the page.
  const { title, document } = PAGES[audience];
  const other =
    audience === 'apps'
      ? '<a href="/docs/api/operators" data-testid="docs-operator-reference-link">Operator API reference</a>'
      : '<a href="/docs/api" data-testid="docs-app-reference-link">API reference for apps</a>';
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>${title} · OI Payments docs</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <nav aria-label="Docs" style="font-family: sans-serif; margin: 1rem 2rem; display: flex; gap: 1.5rem; flex-wrap: wrap">
      <a href="/docs">← Guides</a>
      ${other}
      <a href="${document}">OpenAPI document</a>
    </nav>
    ${audience === 'apps' ? CREDENTIALS_FORM : ''}
    <div id="reference" data-testid="docs-reference" data-document="${document}"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/reference.js"></script>
  </body>
</html>`;
}
