import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The interactive API reference: Swagger UI, served from the swagger-ui-dist package (no CDN),
 * reading /api/v1/openapi.json. Its assets are read once and served with long caching; the
 * start-up script is a file of ours, since the pages allow no inline script.
 */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
} as const;
export type ReferenceAsset = keyof typeof ASSETS | 'reference.js';

const START = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#reference',
    deepLinking: true,
    defaultModelsExpandDepth: 1,
    defaultModelExpandDepth: 3,
    tryItOutEnabled: false,
  });
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

export function referencePage(): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>API reference · OI Payments docs</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <p style="font-family: sans-serif; margin: 1rem 2rem"><a href="/docs">← Guides</a></p>
    <div id="reference" data-testid="docs-reference"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/reference.js"></script>
  </body>
</html>`;
}
