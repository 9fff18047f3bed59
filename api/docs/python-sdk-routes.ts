import { createReadStream } from 'node:fs';
import Router from '@koa/router';
import { ApiError } from '../../domain/shared/errors.js';
import { pythonSdkWheelPath, readPythonSdkManifest, type PythonSdkManifest } from './python-sdk-package.js';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A PEP 503 page: one anchor per entry, as pip reads a simple index. */
function simplePage(
  title: string,
  links: Array<{ href: string; text: string; attributes?: string }>,
): string {
  const anchors = links
    .map(
      (link) =>
        `    <a href="${escapeHtml(link.href)}"${link.attributes ?? ''}>${escapeHtml(link.text)}</a><br>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html>
  <head>
    <meta name="pypi:repository-version" content="1.0">
    <title>${escapeHtml(title)}</title>
  </head>
  <body>
${anchors}
  </body>
</html>
`;
}

/**
 * The Python SDK as the service itself serves it, so an app team installs the version that matches
 * the API it calls with no checkout and no public index: `GET /sdk/python` names the wheel, its
 * version and its SHA-256 (and the install lines), `GET /sdk/python/<file>` is the wheel, and
 * `/sdk/python/simple/` is a PEP 503 index that holds this one package, for tools that want an
 * index (a company mirror proxying it, say). Public, like the docs: it holds no secret.
 *
 * The install line names the wheel by its URL and hash, not by the package name on an index: the
 * name `oi-payments` is not ours on the public PyPI, and pip with an extra index takes the highest
 * version any index offers (dependency confusion). The SDK's dependencies come from whatever index
 * the app already uses.
 */
export function pythonSdkRoutes(publicUrl: string): Router {
  const router = new Router();
  const base = `${publicUrl.replace(/\/$/, '')}/sdk/python`;
  const packed = (): PythonSdkManifest => {
    // Read on each request: a deployment that packs the SDK again serves the new one at once.
    const manifest = readPythonSdkManifest();
    if (!manifest) {
      throw new ApiError(
        'SERVICE_UNAVAILABLE',
        'The Python SDK is not packed on this server (npm run sdk:pack)',
      );
    }
    return manifest;
  };

  router.get('/sdk/python', (ctx) => {
    const manifest = packed();
    const wheel = `${base}/${manifest.filename}`;
    const pinned = `${wheel}#sha256=${manifest.sha256}`;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = {
      ...manifest,
      wheel,
      index: `${base}/simple/`,
      requirement: `${manifest.name} @ ${pinned}`,
      install: `pip install "${manifest.name} @ ${pinned}"`,
      pipx: `pipx install ${pinned}`,
    };
  });

  router.get('/sdk/python/simple/', (ctx) => {
    const manifest = packed();
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = simplePage('Simple index', [{ href: `${manifest.name}/`, text: manifest.name }]);
  });

  router.get('/sdk/python/simple/:project/', (ctx) => {
    const manifest = packed();
    // PEP 503 names: case, runs of `-`, `_` and `.` are the same name.
    const normalized = ctx.params.project!.toLowerCase().replace(/[-_.]+/g, '-');
    if (normalized !== manifest.name) return;
    if (ctx.params.project !== manifest.name) {
      ctx.status = 301;
      return ctx.redirect(`../${manifest.name}/`);
    }
    const requires = manifest.requiresPython
      ? ` data-requires-python="${escapeHtml(manifest.requiresPython)}"`
      : '';
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = simplePage(`Links for ${manifest.name}`, [
      {
        href: `../../${manifest.filename}#sha256=${manifest.sha256}`,
        text: manifest.filename,
        attributes: requires,
      },
    ]);
  });

  router.get('/sdk/python/:filename', (ctx) => {
    const manifest = packed();
    // Only the packed file is served: no other name, so no path reaches another file.
    if (ctx.params.filename !== manifest.filename) return;
    ctx.type = 'application/octet-stream';
    ctx.set('ETag', `"${manifest.sha256}"`);
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.set('Content-Disposition', `attachment; filename="${manifest.filename}"`);
    ctx.body = createReadStream(pythonSdkWheelPath(manifest));
  });
  return router;
}
