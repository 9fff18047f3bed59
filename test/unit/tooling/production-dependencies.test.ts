import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The folders whose code the image runs (compiled into dist/ by tsconfig.build.json). */
const SHIPPED = ['api', 'worker', 'activities', 'workflows', 'db', 'domain', 'platform', 'gateways'];

/**
 * Packages only the development stack or the tests use: never a production dependency, never
 * imported by shipped code. exceljs and unzipper stay for the previous release's rehearsal only;
 * settlement reports are read by activities/uploads/xlsx-reader.ts.
 */
const DEVELOPMENT_ONLY = ['oidc-provider', 'exceljs', 'unzipper'];

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
interface PackageLock {
  packages: Record<string, { version?: string; dev?: boolean }>;
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as T;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|cjs|mjs)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * What the image installs and runs: the Dockerfile's runtime stage installs production
 * dependencies only, and the development identity provider's library (oidc-provider, for
 * scripts/dev/identity-provider*.ts) is none of them, nor imported by anything the image runs.
 */
describe('production dependencies', () => {
  it('keeps development-only packages out of the production dependencies, pinned as devDependencies', () => {
    const pkg = readJson<PackageJson>('package.json');
    const lock = readJson<PackageLock>('package-lock.json');
    for (const name of DEVELOPMENT_ONLY) {
      expect({ name, production: pkg.dependencies[name] }).toEqual({ name, production: undefined });
      expect(pkg.devDependencies[name]).toMatch(/^\d+\.\d+\.\d+$/);
      // `npm ci --omit=dev` leaves out what the lock marks dev.
      expect(lock.packages[`node_modules/${name}`]).toMatchObject({
        version: pkg.devDependencies[name],
        dev: true,
      });
      expect(lock.packages['']).toMatchObject({ devDependencies: { [name]: pkg.devDependencies[name] } });
    }
  });

  it("installs production dependencies only in the image's runtime stage, never copying the build's", () => {
    const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(runtime).not.toMatch(/COPY --from=\S+ \S*node_modules/);
  });

  it('has no shipped file importing a development-only package', () => {
    const importing: string[] = [];
    for (const file of SHIPPED.flatMap(sourceFiles)) {
      const text = readFileSync(file, 'utf8');
      for (const name of DEVELOPMENT_ONLY) {
        const pattern = new RegExp(`(from\\s+|require\\(\\s*|import\\(\\s*)['"]${name}(/[^'"]*)?['"]`);
        if (pattern.test(text)) importing.push(`${path.relative(ROOT, file)}: ${name}`);
      }
    }
    expect(importing).toEqual([]);
  });
});
