import { html, page } from './html.js';

interface Operation {
  summary?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string }>;
  responses?: Record<string, { description?: string }>;
}

/** A readable rendering of the OpenAPI document, served with no external assets. */
export function renderDocsPage(doc: {
  info: { title: string; description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(
      ([method, op]) =>
        html`<section class="card" style="margin-bottom:1rem">
          <h2 style="font-size:1rem;margin:0"><code>${method.toUpperCase()} /api/v1${path}</code></h2>
          <p>${op.summary ?? ''}</p>
          ${
            op.parameters?.length
              ? html`<p>
                  <strong>Parameters:</strong>
                  ${op.parameters.map((p) => html`<code>${p.name}</code> (${p.in}${p.required ? ', required' : ''}) `)}
                </p>`
              : ''
          }
          <p>
            <strong>Responses:</strong>
            ${Object.entries(op.responses ?? {}).map(([code, r]) => html`<code>${code}</code> ${r.description ?? ''}; `)}
          </p>
        </section>`,
    ),
  );
  const body = html`<h1 style="font-size:1.5rem;color:inherit">${doc.info.title}</h1>
    <p>${doc.info.description}</p>
    <p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a></p>
    ${operations}
    <section class="card">
      <h2 style="font-size:1rem">CreatePayment schema</h2>
      <pre style="white-space:pre-wrap;font-size:.8rem">
${JSON.stringify(doc.components.schemas.CreatePayment, null, 2)}</pre>
    </section>`;
  return page(doc.info.title, body).replace('max-width: 28rem', 'max-width: 56rem');
}
