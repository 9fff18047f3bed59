import { createReadStream } from 'node:fs';
import Router from '@koa/router';
import { ApiError } from '../../domain/shared/errors.js';
import { nodeSdkTarballPath, readNodeSdkManifest } from './sdk-package.js';

/**
 * The Node SDK as the service itself serves it, so an app team installs the version that matches
 * the API it calls with one line and no registry: `GET /sdk/node` names the tarball, its version
 * and its integrity (and the install line), `GET /sdk/node/<file>` is the tarball. Public, like the
 * docs: it holds no secret. A company that publishes the SDK to its own registry does so from the
 * same tarball (docs/guides/sdks.md).
 */
export function sdkRoutes(publicUrl: string): Router {
  const router = new Router();
  const packed = () => {
    // Read on each request: a deployment that packs the SDK again serves the new one at once.
    const manifest = readNodeSdkManifest();
    if (!manifest) {
      throw new ApiError(
        'SERVICE_UNAVAILABLE',
        'The Node SDK is not packed on this server (npm run sdk:pack)',
      );
    }
    return manifest;
  };

  router.get('/sdk/node', (ctx) => {
    const manifest = packed();
    const tarball = `${publicUrl.replace(/\/$/, '')}/sdk/node/${manifest.filename}`;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = { ...manifest, tarball, install: `npm install ${tarball}` };
  });

  router.get('/sdk/node/:filename', (ctx) => {
    const manifest = packed();
    // Only the packed file is served: no other name, so no path reaches another file.
    if (ctx.params.filename !== manifest.filename) return;
    ctx.type = 'application/gzip';
    ctx.set('ETag', `"${manifest.shasum}"`);
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.set('Content-Disposition', `attachment; filename="${manifest.filename}"`);
    ctx.body = createReadStream(nodeSdkTarballPath(manifest));
  });
  return router;
}
