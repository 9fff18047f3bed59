import { createReadStream } from 'node:fs';
import Router from '@koa/router';
import { ApiError } from '../../domain/shared/errors.js';
import { nodeSdkTarballPath, phpSdkZipPath, readNodeSdkManifest, readPhpSdkManifest } from './sdk-package.js';

/** The manifest, read on each request: a deployment that packs the SDK again serves the new one at once. */
function packed<T>(read: () => T | null, which: string): T {
  const manifest = read();
  if (!manifest) {
    throw new ApiError(
      'SERVICE_UNAVAILABLE',
      `The ${which} SDK is not packed on this server (npm run sdk:pack)`,
    );
  }
  return manifest;
}

/**
 * The SDKs as the service itself serves them, so an app team installs the version that matches
 * the API it calls with no registry. Public, like the docs: they hold no secret.
 *
 * Node: `GET /sdk/node` names the tarball, its version and its integrity (and the install line),
 * `GET /sdk/node/<file>` is the tarball. A company that publishes the SDK to its own registry does
 * so from the same tarball (docs/guides/sdks.md).
 *
 * PHP: `/sdk/php` is a Composer repository (`composer config repositories.oi composer <url>/sdk/php`):
 * `GET /sdk/php/packages.json` lists oi-payments/sdk's one version with its zip and the zip's sha1,
 * which Composer checks; `GET /sdk/php/<file>.zip` is the zip; `GET /sdk/php` names them and the
 * install lines.
 */
/**
 * The lines that install the PHP SDK, as a developer pastes them into a shell: in an empty folder
 * too (Composer's `config` needs a composer.json), and from a service on plain http (Composer
 * refuses one unless told).
 */
export function phpInstallLines(repository: string, name: string): string[] {
  return [
    'composer init --no-interaction --name your/app   # in an empty folder; skip in an existing project',
    `composer config repositories.oi composer ${repository}`,
    ...(repository.startsWith('http://')
      ? ['composer config secure-http false   # this service answers on plain http']
      : []),
    `composer require ${name}`,
  ];
}

export function sdkRoutes(publicUrl: string): Router {
  const router = new Router();
  const base = publicUrl.replace(/\/$/, '');

  router.get('/sdk/node', (ctx) => {
    const manifest = packed(readNodeSdkManifest, 'Node');
    const tarball = `${base}/sdk/node/${manifest.filename}`;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = { ...manifest, tarball, install: `npm install ${tarball}` };
  });

  router.get('/sdk/node/:filename', (ctx) => {
    const manifest = packed(readNodeSdkManifest, 'Node');
    // Only the packed file is served: no other name, so no path reaches another file.
    if (ctx.params.filename !== manifest.filename) return;
    ctx.type = 'application/gzip';
    ctx.set('ETag', `"${manifest.shasum}"`);
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.set('Content-Disposition', `attachment; filename="${manifest.filename}"`);
    ctx.body = createReadStream(nodeSdkTarballPath(manifest));
  });

  router.get('/sdk/php', (ctx) => {
    const { name, version, filename, shasum, size } = packed(readPhpSdkManifest, 'PHP');
    const repository = `${base}/sdk/php`;
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = {
      name,
      version,
      filename,
      shasum,
      size,
      repository,
      zip: `${repository}/${filename}`,
      install: phpInstallLines(repository, name),
    };
  });

  router.get('/sdk/php/packages.json', (ctx) => {
    const manifest = packed(readPhpSdkManifest, 'PHP');
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = {
      packages: {
        [manifest.name]: {
          [manifest.version]: {
            ...manifest.composer,
            name: manifest.name,
            version: manifest.version,
            dist: { type: 'zip', url: `${base}/sdk/php/${manifest.filename}`, shasum: manifest.shasum },
          },
        },
      },
    };
  });

  router.get('/sdk/php/:filename', (ctx) => {
    const manifest = packed(readPhpSdkManifest, 'PHP');
    // Only the packed file is served: no other name, so no path reaches another file.
    if (ctx.params.filename !== manifest.filename) return;
    ctx.type = 'application/zip';
    ctx.set('ETag', `"${manifest.shasum}"`);
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.set('Content-Disposition', `attachment; filename="${manifest.filename}"`);
    ctx.body = createReadStream(phpSdkZipPath(manifest));
  });
  return router;
}
