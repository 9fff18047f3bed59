import type { EntityManager } from '@mikro-orm/postgresql';
import { SEALED_COLUMNS } from '../../../platform/sealing/sealed-values.js';
import { gatewayCredentialsContext } from '../../../platform/sealing/sealing-contexts.js';
import {
  createKeyring,
  newSealingKeyEntry,
  parsedSealingKeys,
} from '../../../platform/sealing/secret-box.js';
import { runCli } from '../../helpers/cli.js';
import { enableGateway, startGatewayE2E } from '../../helpers/gateway-e2e.js';
import { sealTheFirstWay } from '../../helpers/legacy-seal.js';
import { scratchDatabase } from '../../helpers/scratch-database.js';
import { TEST_PEPPER } from '../../helpers/stack-secrets.js';

/**
 * Sealing keys against real PostgreSQL, Temporal and the bKash simulator, on a database of the
 * suite's own (keys:rotate re-seals every row it finds): values an older deployment sealed (under
 * a key being retired, or with CREDENTIAL_PEPPER the first way) keep working, keys:rotate moves
 * them all under the new key while payments through the app's own credentials go on, and
 * credentials copied onto another app's row are refused.
 */
describe('sealing keys', () => {
  const OLD = newSealingKeyEntry('old');
  const NEW = newSealingKeyEntry('new');
  /** What the service runs with during the rotation: the new key first, the old one still held. */
  const BOTH = `${NEW},${OLD}`;
  const oldOnly = createKeyring(parsedSealingKeys(OLD));
  const newOnly = createKeyring(parsedSealingKeys(NEW));
  const AMOUNT = { currency: 'BDT', amountMinor: 10000 };

  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let e2e: Awaited<ReturnType<typeof startGatewayE2E>>;
  const em = () => e2e.stack.em() as EntityManager;
  const cli = (args: string[], keys = BOTH) =>
    runCli(args, null, { DATABASE_URL: scratch.url, SEALING_KEYS: keys });

  beforeAll(async () => {
    scratch = await scratchDatabase();
    e2e = await startGatewayE2E('bkash', {
      payment: AMOUNT,
      stack: { databaseUrl: scratch.url, configOverrides: { SEALING_KEYS: BOTH } },
    });
  });
  afterAll(async () => {
    await e2e?.close();
    await scratch?.drop();
  });

  /** A payment through the app's own bKash credentials, paid, settled and its webhook verified. */
  async function payThroughOwnCredentials(): Promise<string> {
    const payment = await e2e.createPayment();
    await e2e.payAtGateway(payment.reference, 'success');
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    await e2e.webhook('payment.succeeded', payment.reference);
    return payment.reference;
  }

  /** Re-seals an app's gateway credentials as an older deployment sealed them, under `old`. */
  async function sealUnderOld(appId: number, gateway: string) {
    const context = gatewayCredentialsContext({ appId, mode: 'TEST', gateway });
    const [row] = await em().execute<Array<{ sealed_credentials: string }>>(
      "select sealed_credentials from app_gateways where app_id = ? and mode = 'TEST' and gateway = ?",
      [appId, gateway],
    );
    const plaintext = e2e.stack.keyring.open(row!.sealed_credentials, context);
    await em().execute(
      "update app_gateways set sealed_credentials = ? where app_id = ? and mode = 'TEST' and gateway = ?",
      [oldOnly.seal(plaintext, context), appId, gateway],
    );
  }

  const keyCounts = async () => {
    const { code, stdout } = await cli(['keys:status', '--json']);
    expect(code).toBe(0);
    const status = JSON.parse(stdout) as {
      primaryKeyId: string;
      keys: Array<{ keyId: string; values: number }>;
    };
    return Object.fromEntries(status.keys.map((k) => [k.keyId, k.values]));
  };

  it('keys:rotate moves old-key and first-form values under the new key while payments go on', async () => {
    // Data as the older deployment left it: the app's bKash credentials under "old", its webhook
    // secret sealed the first way; and more apps' credentials under "old", so the rotation takes a while.
    await sealUnderOld(e2e.appId, 'bkash');
    await em().execute("update webhook_endpoints set secret_sealed = ? where app_id = ? and mode = 'TEST'", [
      sealTheFirstWay(e2e.webhookSecret, TEST_PEPPER),
      e2e.appId,
    ]);
    for (let i = 0; i < 30; i++) {
      const other = await e2e.stack.registerApp();
      await enableGateway(e2e.stack, other.app.id, 'bkash');
      await sealUnderOld(other.app.id, 'bkash');
    }
    e2e.stack.deps.gateways.invalidate(e2e.appId);
    const before = await keyCounts();
    expect(before).toMatchObject({ old: 31, legacy: 1 });
    expect(before.new ?? 0).toBe(0);

    const paidBefore = await payThroughOwnCredentials();
    expect(paidBefore).toMatch(/^pay_/);

    // The rotation runs while payments through the app's own credentials keep being made.
    let rotating = true;
    const rotation = cli(['keys:rotate', '--json']).finally(() => (rotating = false));
    const paidDuring: string[] = [];
    while (rotating || paidDuring.length === 0) {
      e2e.stack.deps.gateways.invalidate(e2e.appId);
      paidDuring.push(await payThroughOwnCredentials());
    }
    const rotated = await rotation;
    expect(rotated.code).toBe(0);
    const report = JSON.parse(rotated.stdout);
    expect(report).toMatchObject({ primaryKeyId: 'new', rewritten: 32, unreadable: 0 });

    const after = await keyCounts();
    expect(after).toEqual({ new: 32 });
    // Nothing left that only the old key or the pepper opens: a keyring of the new key alone opens all.
    for (const c of SEALED_COLUMNS) {
      const rows = await em().execute<Array<Record<string, unknown>>>(
        `select * from ${c.table} where ${c.column} is not null`,
      );
      for (const row of rows) expect(() => newOnly.open(String(row[c.column]), c.context(row))).not.toThrow();
    }
    e2e.stack.deps.gateways.invalidate(e2e.appId);
    await payThroughOwnCredentials();

    // A second run changes nothing; both are in the audit trail as the CLI's user.
    const again = await cli(['keys:rotate', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ rewritten: 0, examined: 0, unreadable: 0 });
    const audit = await em().execute<Array<{ actor_label: string; after: Record<string, unknown> }>>(
      "select actor_label, after from audit_log where action = 'keys.rotate' order by id",
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]!.actor_label).toMatch(/^cli:.+@.+$/);
    expect(audit[0]!.after).toMatchObject({ primaryKeyId: 'new', rewritten: 32 });
  });

  it('refuses credentials copied onto another app: no payment through them, a clear error, keys:rotate names the row', async () => {
    const victim = await e2e.stack.registerApp();
    await enableGateway(e2e.stack, victim.app.id, 'bkash');
    // Someone with write access to the database copies the first app's sealed credentials (and
    // their hint) onto the other app's row.
    await em().execute(
      `update app_gateways v set sealed_credentials = s.sealed_credentials, credentials_hint = s.credentials_hint
         from app_gateways s
        where s.app_id = ? and s.mode = 'TEST' and s.gateway = 'bkash'
          and v.app_id = ? and v.mode = 'TEST' and v.gateway = 'bkash'`,
      [e2e.appId, victim.app.id],
    );
    e2e.stack.deps.gateways.invalidate(victim.app.id);

    const refused = await e2e.stack.api('POST', '/api/v1/payments', {
      creds: victim.test,
      body: { ...AMOUNT, gateway: 'bkash', customerReference: 'c1', productName: 'Plan' },
    });
    expect(refused.status).toBe(404);
    expect(refused.body.meta).toMatchObject({ success: false, errorCode: 'GATEWAY_NOT_FOUND' });
    // Nor do the service-wide credentials stand in for them: the checkout offers no bKash.
    const open = await e2e.stack.createPayment(victim.test, { ...AMOUNT });
    const page = await (await fetch(open.checkoutUrl)).text();
    expect(page).not.toMatch(/bkash/i);
    const paymentsThroughBkash = await em().execute<Array<{ n: string }>>(
      "select count(*) as n from payments where app_id = ? and gateway = 'bkash'",
      [victim.app.id],
    );
    expect(Number(paymentsThroughBkash[0]!.n)).toBe(0);

    // The rightful app is unaffected.
    await payThroughOwnCredentials();

    // keys:status finds it and names the row, so the operator knows what to set again.
    const status = await cli(['keys:status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`does not open: app ${victim.app.id} TEST bkash credentials`);
    expect(status.stderr).toMatch(/1 sealed value\(s\) do not open/);

    // The operator sees it on the app's gateways, in the admin API and on the dashboard page.
    const viewer = await e2e.stack.createOperator('VIEWER');
    const session = await e2e.stack.adminLogin(viewer.email, viewer.password);
    const bkashState = async () => {
      const states = await session.call('GET', `/api/v1/admin/apps/${victim.app.id}/gateways`);
      expect(states.status).toBe(200);
      return (states.body.data.TEST as Array<{ gateway: string }>).find((g) => g.gateway === 'bkash');
    };
    expect(await bkashState()).toMatchObject({
      status: 'UNREADABLE',
      source: 'OWN',
      enabled: true,
      hint: expect.stringMatching(/SEALING_KEYS.*set the credentials again/),
    });
    const one = await session.call('GET', `/api/v1/admin/apps/${victim.app.id}/gateways/TEST/bkash`);
    expect(one.body.data).toMatchObject({ status: 'UNREADABLE' });
    // The rightful app's row opens: no hint there.
    const rightful = await session.call('GET', `/api/v1/admin/apps/${e2e.appId}/gateways/TEST/bkash`);
    expect(rightful.body.data).toMatchObject({ status: 'ACTIVE', hint: null });
    const gatewaysPage = await e2e.stack.api('GET', `/admin/apps/${victim.app.id}/gateways`, {
      headers: { cookie: session.cookie },
    });
    expect(gatewaysPage.status).toBe(200);
    const html = String(gatewaysPage.body);
    const card = html.slice(html.indexOf('data-testid="gateway-TEST-bkash"'));
    expect(card).toMatch(/data-testid="gateway-status-TEST-bkash">\s*<span class="badge UNREADABLE"/);
    expect(card).toMatch(/data-testid="gateway-state-hint-TEST-bkash">[^<]*set the credentials again/);

    // The operator sets the app's own credentials again; it pays through them.
    await enableGateway(e2e.stack, victim.app.id, 'bkash');
    expect(await bkashState()).toMatchObject({ status: 'ACTIVE', hint: null });
    e2e.stack.deps.gateways.invalidate(victim.app.id);
    const fixed = await e2e.stack.createPayment(victim.test, { ...AMOUNT, gateway: 'bkash' });
    expect(fixed.reference).toMatch(/^pay_/);
    expect((await cli(['keys:status'])).code).toBe(0);
  });
});
