import { readFileSync } from 'node:fs';
import path from 'node:path';
import { migrationNames } from '../../../platform/orm/migration-names.js';
import { readPreviousRelease } from '../../../scripts/release/previous-release.js';
import { changelogReleases, compareVersions, versionPlaces } from '../../../scripts/release/versions.js';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** docs/operations/releases.md: one version for the service, its SDKs and its chart's appVersion. */
describe('the release version', () => {
  const places = versionPlaces(ROOT);
  const current = places[0]!.version!;

  it('is the same in the service, every SDK and the chart', () => {
    expect(places.map((place) => `${place.file}: ${place.version}`)).toEqual(
      places.map((place) => `${place.file}: ${current}`),
    );
  });

  it('has an entry in CHANGELOG.md, the newest one, under an [Unreleased] section', () => {
    const changelog = readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
    const releases = changelogReleases(changelog);
    expect(releases[0]?.version).toBe(current);
    expect(changelog.indexOf('## [Unreleased]')).toBeGreaterThan(-1);
    expect(changelog.indexOf('## [Unreleased]')).toBeLessThan(changelog.indexOf(`## [${current}]`));
    // Newest first, each version once.
    const versions = releases.map((release) => release.version);
    expect([...versions].sort((a, b) => compareVersions(b, a))).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('follows the previous release recorded for the rolling-upgrade test', () => {
    const previous = readPreviousRelease();
    expect(compareVersions(previous.version, current)).toBeLessThanOrEqual(0);
    expect(migrationNames).toContain(previous.lastMigration);
  });
});

describe('version precedence', () => {
  it.each([
    ['0.1.0-rc.1', '0.1.0'],
    ['0.1.0', '0.1.1'],
    ['0.9.9', '0.10.0'],
    ['1.2.3', '2.0.0'],
    ['1.0.0-alpha', '1.0.0-beta'],
  ])('%s comes before %s', (earlier, later) => {
    expect(compareVersions(earlier, later)).toBeLessThan(0);
    expect(compareVersions(later, earlier)).toBeGreaterThan(0);
    expect(compareVersions(later, later)).toBe(0);
  });

  it('refuses what is not a semantic version', () => {
    expect(() => compareVersions('1.0', '1.0.0')).toThrow('not a semantic version: 1.0');
  });
});
