import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

/** Where a release's version is written: the service, each SDK, and the chart's appVersion. */
export interface VersionPlace {
  file: string;
  version: string | null;
}

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');

const jsonVersion = (root: string, file: string): string | null => {
  const value = (JSON.parse(read(root, file)) as { version?: unknown }).version;
  return typeof value === 'string' ? value : null;
};

/** `version` in pyproject.toml's [project] table (the only table that may name it). */
function pyprojectVersion(root: string, file: string): string | null {
  const text = read(root, file);
  const project = /^\[project\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  return /^version\s*=\s*"([^"]+)"\s*$/m.exec(project)?.[1] ?? null;
}

function chartAppVersion(root: string, file: string): string | null {
  const chart = yaml.load(read(root, file)) as { appVersion?: unknown };
  return chart.appVersion === undefined ? null : String(chart.appVersion);
}

/**
 * Every place a release's version is written (docs/operations/releases.md): one version for the
 * service, its SDKs and its chart's appVersion, so an app team reading any of them knows which
 * release of the API it talks to.
 */
export function versionPlaces(root: string): VersionPlace[] {
  return [
    { file: 'package.json', version: jsonVersion(root, 'package.json') },
    { file: 'sdk/package.json', version: jsonVersion(root, 'sdk/package.json') },
    { file: 'sdk/python/pyproject.toml', version: pyprojectVersion(root, 'sdk/python/pyproject.toml') },
    { file: 'sdk/php/composer.json', version: jsonVersion(root, 'sdk/php/composer.json') },
    {
      file: 'deploy/kubernetes/oi-payments/Chart.yaml (appVersion)',
      version: chartAppVersion(root, 'deploy/kubernetes/oi-payments/Chart.yaml'),
    },
  ];
}

/** The releases CHANGELOG.md has an entry for (`## [1.2.3] - 2027-01-31`), newest first. */
export function changelogReleases(changelog: string): Array<{ version: string; date: string }> {
  return [
    ...changelog.matchAll(/^## \[(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\] - (\d{4}-\d{2}-\d{2})\s*$/gm),
  ].map((match) => ({ version: match[1]!, date: match[2]! }));
}

/**
 * Orders two semantic versions by precedence: major, minor, patch, then a pre-release below its
 * release (`0.1.0-rc.1` < `0.1.0`); pre-release identifiers compare as text.
 */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const match = /^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/.exec(version);
    if (!match) throw new Error(`not a semantic version: ${version}`);
    return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ?? null };
  };
  const [left, right] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i += 1) {
    if (left.core[i] !== right.core[i]) return left.core[i]! - right.core[i]!;
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === null) return 1;
  if (right.pre === null) return -1;
  return left.pre < right.pre ? -1 : 1;
}
