import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import {
  appGatewaySettingsLoader,
  appGatewaySettingsVersionReader,
  saveAppGateway,
} from '../../../db/apps/app-gateways.js';
import {
  appGatewayWatchName,
  watchAppGatewayChanges,
  type AppGatewayWatch,
} from '../../../db/apps/app-gateway-changes.js';
import { randomToken } from '../../../domain/shared/ids.js';
import { findGatewayModule } from '../../../gateways/catalogue.js';
import { createGatewayRegistry, type GatewayRegistry } from '../../../gateways/registry.js';
import { signInAs, type AdminSession } from '../../helpers/apps-admin.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * An operator's gateway change applies to the next checkout in every process: the API and the
 * worker each cache an app's settings (as their own processes do), a checkout reads them as last
 * committed, and a change notice makes every process forget them at once, also after its
 * notice connection was lost and regained.
 */
describe('gateway settings apply at once', () => {
  let stack: Stack;
  let admin: AdminSession;
  const watches: AppGatewayWatch[] = [];
  const BDT = { amountMinor: 10000, currency: 'BDT' };

  beforeAll(async () => {
    stack = await startStack();
    admin = await signInAs(stack, 'ADMIN');
  });
  afterAll(async () => {
    await Promise.all(watches.map((watch) => watch.close()));
    await stack?.close();
  });

  const bkashPath = (appId: number, rest = '') => `/api/v1/admin/apps/${appId}/gateways/TEST/bkash${rest}`;

  /**
   * Another process's registry: its own cache and notice connection, and a cache lifetime of an
   * hour, so only a notice or the settings' version can make it see a change.
   */
  async function otherProcess(label = `test other ${randomToken(6)}`): Promise<GatewayRegistry> {
    const registry = createGatewayRegistry(stack.config, {
      env: stack.gatewaySimulators.addresses,
      loadSettings: appGatewaySettingsLoader(stack.orm, stack.keyring),
      settingsVersion: appGatewaySettingsVersionReader(stack.orm),
      settingsTtlMs: 3_600_000,
    });
    const watch = watchAppGatewayChanges(requireEnv(testEnv.databaseUrl), label, {
      changed: (appId, mode) => registry.invalidate(appId, mode),
      unknown: () => registry.invalidateAll(),
    });
    watches.push(watch);
    await watch.listening;
    return registry;
  }

  /** Writes the app's bKash row straight into the database, as any other process would. */
  async function saveBkash(appId: number, credentials: Record<string, string> | null, em?: EntityManager) {
    const write = (tx: EntityManager) =>
      saveAppGateway(
        tx,
        {
          appId,
          mode: 'TEST',
          gateway: 'bkash',
          enabled: true,
          credentials,
          fields: findGatewayModule('bkash')!.credentialFields,
          at: new Date(),
          operatorId: null,
        },
        stack.keyring,
      );
    if (em) return write(em);
    await stack.orm.em.fork().transactional((tx) => write(tx as EntityManager));
  }

  const bkashOf = (registry: GatewayRegistry, appId: number) =>
    registry.forPayment({ appId, mode: 'TEST', gateway: 'bkash' });
  const offers = async (registry: GatewayRegistry, appId: number) =>
    (await registry.enabledFor(appId, 'TEST')).map((gateway) => gateway.name);

  it('the very next Pay after an operator turns bKash on opens a bKash session, and fails after it is off, round after round', async () => {
    const app = await stack.registerApp();
    for (let round = 0; round < 4; round++) {
      const on = await admin.call('PUT', bkashPath(app.app.id), {
        body: { enabled: true, credentials: stack.gatewaySimulators.credentials.bkash },
      });
      expect(on.status).toBe(200);
      expect(on.body.data.status).toBe('ACTIVE');

      // No wait: the worker's own cache held the settings of the round before.
      const paid = await stack.createPayment(app.test, { ...BDT, gateway: 'bkash' });
      const page = new URL(await stack.openCheckout(paid.reference));
      expect(page.origin).toBe(new URL(stack.gatewaySimulators.url).origin);
      expect(page.pathname.startsWith('/bkash/')).toBe(true);
      expect(await stack.readPayment(app.test, paid.reference)).toMatchObject({
        status: 'PENDING',
        gateway: 'bkash',
      });

      // A payment bound to bKash while it was on, then the operator switches it off and takes
      // the app's credentials away: the next Pay cannot open a bKash session.
      const stranded = await stack.createPayment(app.test, { ...BDT, gateway: 'bkash' });
      expect(
        (await admin.call('PUT', bkashPath(app.app.id), { body: { enabled: false } })).body.data.status,
      ).toBe('DISABLED');
      expect((await admin.call('DELETE', bkashPath(app.app.id, '/credentials'))).status).toBe(200);
      const refused = await stack.api<string>('POST', `/checkout/${stranded.reference}/pay`);
      expect(refused.status).toBe(502);
      expect(refused.body).toContain('bkash is not configured for TEST');
      const named = await stack.api('POST', '/api/v1/payments', {
        creds: app.test,
        body: { ...BDT, gateway: 'bkash', customerReference: 'c1', productName: 'Plan' },
      });
      expect(named.status).toBe(404);
    }
  });

  it('a change written by another process is seen by the next checkout without a wait, and by every read once noticed', async () => {
    const app = await stack.registerApp();
    const first = await otherProcess();
    // Both processes hold the app's settings: no bKash (no credentials of its own).
    expect(await bkashOf(first, app.app.id)).toBeNull();
    expect(await offers(first, app.app.id)).not.toContain('bkash');
    expect(await offers(stack.gateways, app.app.id)).not.toContain('bkash');

    await saveBkash(app.app.id, stack.gatewaySimulators.credentials.bkash);
    // A checkout in either process, straight after the commit.
    expect(await offers(first, app.app.id)).toContain('bkash');
    expect(await offers(stack.gateways, app.app.id)).toContain('bkash');
    expect(
      await first.forPayment({ appId: app.app.id, mode: 'TEST', gateway: 'bkash' }, { current: true }),
    ).not.toBeNull();

    // A second registry takes the credentials away; the first hears of it through the notice
    // alone on its plain reads (its cache would otherwise serve for an hour).
    const second = await otherProcess();
    expect(await bkashOf(second, app.app.id)).not.toBeNull();
    expect(await bkashOf(first, app.app.id)).not.toBeNull();
    await saveBkash(app.app.id, null);
    expect(await offers(second, app.app.id)).not.toContain('bkash');
    await eventually(async () => (await bkashOf(first, app.app.id)) === null, 20_000, 'the notice');
  });

  it('a lost notice connection, once regained, makes the process forget every cached setting', async () => {
    const app = await stack.registerApp();
    const label = `test lost ${randomToken(6)}`;
    const registry = await otherProcess(label);
    expect(await bkashOf(registry, app.app.id)).toBeNull();

    // A change whose notice nobody hears (the trigger held back, as when a notice is lost).
    await stack.orm.em.fork().transactional(async (tx) => {
      await (tx as EntityManager).execute('set local session_replication_role = replica');
      await saveBkash(app.app.id, stack.gatewaySimulators.credentials.bkash, tx as EntityManager);
    });
    expect(await bkashOf(registry, app.app.id)).toBeNull();

    const pgAdmin = new Client({ connectionString: requireEnv(testEnv.databaseUrl) });
    await pgAdmin.connect();
    try {
      const backends = async () =>
        (
          await pgAdmin.query<{ pid: number }>(
            // Another worker's suite may run a watch of the same name on its own database.
            'select pid from pg_stat_activity where application_name = $1 and datname = current_database()',
            [appGatewayWatchName(label)],
          )
        ).rows.map((row) => row.pid);
      const [lost] = await backends();
      expect(lost).toBeDefined();
      await pgAdmin.query('select pg_terminate_backend($1)', [lost]);

      await eventually(async () => (await bkashOf(registry, app.app.id)) !== null, 20_000, 'the flush');
      const regained = await eventually(async () => (await backends()).find((pid) => pid !== lost), 20_000);
      expect(regained).not.toBe(lost);

      // Notices flow again on the new connection.
      await saveBkash(app.app.id, null);
      await eventually(async () => (await bkashOf(registry, app.app.id)) === null, 20_000, 'a notice');
    } finally {
      await pgAdmin.end();
    }
  });
});
