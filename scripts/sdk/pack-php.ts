import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { NODE_SDK_DIR, PHP_SDK_MANIFEST, type PhpSdkManifest } from '../../api/docs/sdk-package.js';

/** The PHP SDK's sources, relative to the repository root. */
const SDK_SOURCE = path.join('sdk', 'php');

/** What an app installs: the package's code and its documentation; its tests stay in the repository. */
const SHIPPED = ['composer.json', 'README.md', 'autoload.php', 'src', 'examples'];

/** composer.json's fields a Composer repository lists; the dev-only ones (tests' autoload, config) stay out. */
const LISTED_FIELDS = ['name', 'description', 'type', 'license', 'require', 'autoload'];

/**
 * Every entry the same date: a zip of unchanged sources has the same bytes, so its sha1 (which
 * Composer records and checks) changes only when the package does.
 */
const ENTRY_DATE = new Date('2000-01-01T00:00:00Z');

interface Archiver {
  pipe: (destination: NodeJS.WritableStream) => void;
  append: (source: Buffer, data: { name: string; date: Date; mode: number }) => void;
  finalize: () => Promise<void>;
}
// archiver ships no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const archiver = require('archiver') as (format: 'zip', options: object) => Archiver;

/** Every file under `entry` (a file or a folder inside `base`), by its path inside `base`, sorted. */
function filesOf(base: string, entry: string): string[] {
  const full = path.join(base, entry);
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesOf(base, path.posix.join(entry, name)));
}

async function zipOf(base: string, files: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const archive = archiver('zip', { zlib: { level: 9 } });
  archive.pipe(sink);
  for (const file of files) {
    archive.append(readFileSync(path.join(base, file)), { name: file, date: ENTRY_DATE, mode: 0o644 });
  }
  await archive.finalize();
  await finished(sink);
  return Buffer.concat(chunks);
}

/**
 * Packs the PHP SDK as the zip the service serves from its Composer repository (`GET /sdk/php`),
 * beside a manifest with its sha1 and composer.json. Older zips are removed, so the service serves
 * one version: the one its API document describes. The Node SDK's files beside it are left alone.
 */
export async function packPhpSdk(root: string): Promise<PhpSdkManifest> {
  const source = path.join(root, SDK_SOURCE);
  const composer = JSON.parse(readFileSync(path.join(source, 'composer.json'), 'utf8')) as Record<
    string,
    unknown
  > & { name: string; version: string };
  const zip = await zipOf(
    source,
    SHIPPED.flatMap((entry) => filesOf(source, entry)),
  );
  const destination = path.join(root, NODE_SDK_DIR);
  mkdirSync(destination, { recursive: true });
  for (const old of readdirSync(destination).filter((name) => name.endsWith('.zip'))) {
    rmSync(path.join(destination, old), { force: true });
  }
  const filename = `${composer.name.replace('/', '-')}-${composer.version}.zip`;
  writeFileSync(path.join(destination, filename), zip);
  const manifest: PhpSdkManifest = {
    name: composer.name,
    version: composer.version,
    filename,
    shasum: createHash('sha1').update(zip).digest('hex'),
    size: zip.length,
    composer: Object.fromEntries(
      LISTED_FIELDS.filter((field) => field in composer).map((f) => [f, composer[f]]),
    ),
  };
  writeFileSync(path.join(destination, PHP_SDK_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Whether the packed PHP SDK is missing or older than a file it ships. */
export function phpSdkStale(root: string): boolean {
  const manifest = path.join(root, NODE_SDK_DIR, PHP_SDK_MANIFEST);
  if (!existsSync(manifest)) return true;
  const packedAt = statSync(manifest).mtimeMs;
  const source = path.join(root, SDK_SOURCE);
  const newest = Math.max(
    ...SHIPPED.flatMap((entry) => filesOf(source, entry)).map(
      (file) => statSync(path.join(source, file)).mtimeMs,
    ),
  );
  const packed = JSON.parse(readFileSync(manifest, 'utf8')) as PhpSdkManifest;
  return !existsSync(path.join(root, NODE_SDK_DIR, packed.filename)) || newest > packedAt;
}
