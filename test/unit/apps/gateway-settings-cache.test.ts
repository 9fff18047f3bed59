import { configSchema } from '../../../platform/config/index.js';
import type { AppGatewaySetting } from '../../../domain/apps/gateway-settings.js';
import type { Mode } from '../../../domain/shared/mode.js';
import { createGatewayRegistry } from '../../../gateways/registry.js';

/**
 * The registry's rule for an app's cached gateway settings: plain reads are served from the cache
 * (no query), a checkout's read compares the cached version with the current one and reads again
 * when they differ, and a change notice (invalidate) or a lost one (invalidateAll) drops them.
 */
describe('gateway settings cache', () => {
  /** The settings as committed: SSLCOMMERZ on or off per app and mode, with a version per pair. */
  function store() {
    const rows = new Map<string, { enabled: boolean; version: number }>();
    const counts = { loads: 0, versionReads: 0 };
    const key = (appId: number, mode: Mode) => `${appId}:${mode}`;
    let between: (() => void) | null = null;
    /** After the first read of a load, the commit staged to land before its second read. */
    const afterRead = <T>(answer: T): T => {
      const change = between;
      between = null;
      change?.();
      return answer;
    };
    return {
      counts,
      set(appId: number, mode: Mode, enabled: boolean) {
        const version = (rows.get(key(appId, mode))?.version ?? 0) + 1;
        rows.set(key(appId, mode), { enabled, version });
      },
      /** A change committed between the two reads of the next load, whichever comes first. */
      commitDuringNextLoad(change: () => void) {
        between = change;
      },
      settingsVersion: async (appId: number, mode: Mode) => {
        counts.versionReads++;
        return afterRead(rows.get(key(appId, mode))?.version ?? 0);
      },
      loadSettings: async (appId: number, mode: Mode) => {
        counts.loads++;
        const row = rows.get(key(appId, mode));
        const settings = new Map<string, AppGatewaySetting>();
        if (row) {
          settings.set('sslcommerz', {
            gateway: 'sslcommerz',
            enabled: row.enabled,
            credentials: null,
            updatedAt: new Date(0),
          });
        }
        return afterRead(settings);
      },
    };
  }

  const config = configSchema.parse({});
  const registryOn = (settings: ReturnType<typeof store>, settingsTtlMs = 3_600_000) =>
    createGatewayRegistry(config, {
      env: {},
      loadSettings: settings.loadSettings,
      settingsVersion: settings.settingsVersion,
      settingsTtlMs,
    });
  const offered = async (registry: ReturnType<typeof registryOn>, appId: number, mode: Mode = 'TEST') =>
    (await registry.enabledFor(appId, mode)).map((gateway) => gateway.name);
  const sslcommerzFor = (registry: ReturnType<typeof registryOn>, appId: number, current = false) =>
    registry.forPayment({ appId, mode: 'TEST', gateway: 'sslcommerz' }, { current });

  it('serves plain reads from the cache without a query', async () => {
    const settings = store();
    const registry = registryOn(settings);
    for (let i = 0; i < 5; i++) expect(await sslcommerzFor(registry, 1)).not.toBeNull();
    expect(settings.counts).toEqual({ loads: 1, versionReads: 1 });
  });

  it('a checkout sees a committed change at once; plain reads keep the cached settings until told', async () => {
    const settings = store();
    const registry = registryOn(settings);
    expect(await offered(registry, 1)).toEqual(['sslcommerz']);
    expect(await offered(registry, 1)).toEqual(['sslcommerz']);
    expect(settings.counts.loads).toBe(1);

    settings.set(1, 'TEST', false);
    expect(await offered(registry, 1)).toEqual([]);
    expect(settings.counts.loads).toBe(2);
    // The checkout's read refreshed the cache for every read.
    expect(await registry.forApp(1, 'TEST', 'sslcommerz')).toBeNull();

    settings.set(1, 'TEST', true);
    // A plain read (a confirmation) does not ask: the cached settings serve until the notice.
    await sslcommerzFor(registry, 1);
    expect(settings.counts.loads).toBe(2);
    registry.invalidate(1, 'TEST');
    await sslcommerzFor(registry, 1);
    expect(settings.counts.loads).toBe(3);
    expect(await offered(registry, 1)).toEqual(['sslcommerz']);
    expect(settings.counts.loads).toBe(3);
  });

  it('a change committed between the version read and the settings read is read again at the next checkout', async () => {
    const settings = store();
    const registry = registryOn(settings);
    settings.commitDuringNextLoad(() => settings.set(1, 'TEST', false));
    await offered(registry, 1);
    // Whatever the first read saw, the next checkout answers as committed: SSLCOMMERZ off.
    expect(await offered(registry, 1)).toEqual([]);
  });

  it('a notice drops one app and mode; a lost connection drops every app', async () => {
    const settings = store();
    const registry = registryOn(settings);
    for (const appId of [1, 2]) {
      for (const mode of ['TEST', 'LIVE'] as const) await registry.forApp(appId, mode, 'sslcommerz');
    }
    for (const appId of [1, 2]) settings.set(appId, 'TEST', false);
    expect(settings.counts.loads).toBe(4);

    registry.invalidate(1, 'LIVE');
    await registry.forPayment({ appId: 1, mode: 'LIVE', gateway: 'sslcommerz' });
    await registry.forPayment({ appId: 1, mode: 'TEST', gateway: 'sslcommerz' });
    expect(settings.counts.loads).toBe(5);

    registry.invalidateAll();
    await registry.forPayment({ appId: 1, mode: 'TEST', gateway: 'sslcommerz' });
    await registry.forPayment({ appId: 2, mode: 'TEST', gateway: 'sslcommerz' });
    expect(settings.counts.loads).toBe(7);
    // Read again, so a checkout finds them current without another read.
    expect(await offered(registry, 1)).toEqual([]);
    expect(await offered(registry, 2)).toEqual([]);
    expect(settings.counts.loads).toBe(7);
  });

  it('reads settings again after their lifetime without any notice (the last resort)', async () => {
    const settings = store();
    const registry = registryOn(settings, 0);
    await sslcommerzFor(registry, 1);
    await sslcommerzFor(registry, 1);
    expect(settings.counts.loads).toBe(2);
  });

  it('a checkout that read the committed version itself reads no version, and still sees a change', async () => {
    const settings = store();
    const registry = registryOn(settings);
    const committed = () => settings.settingsVersion(1, 'TEST');
    const offeredAt = async (committedVersion: number) =>
      (await registry.enabledFor(1, 'TEST', { committedVersion })).map((gateway) => gateway.name);
    expect(await offeredAt(await committed())).toEqual(['sslcommerz']);
    expect(await offeredAt(await committed())).toEqual(['sslcommerz']);
    // Only this test's own reads of the version (one per checkout) were made: none by the registry.
    expect(settings.counts).toEqual({ loads: 1, versionReads: 2 });

    settings.set(1, 'TEST', false);
    expect(await offeredAt(await committed())).toEqual([]);
    expect(
      await registry.forPayment(
        { appId: 1, mode: 'TEST', gateway: 'sslcommerz' },
        { current: true, committedVersion: await committed() },
      ),
    ).not.toBeNull();
    expect(settings.counts).toEqual({ loads: 2, versionReads: 4 });
  });
});
