import { loadAppGatewaySettings } from '../../../db/apps/app-gateways.js';
import { GATEWAY_MODULES } from '../../../gateways/catalogue.js';
import { auditRows, signInAs, wholeAuditLog, type AdminSession } from '../../helpers/apps-admin.js';
import { startStack, type Stack } from '../../helpers/stack.js';

/**
 * Gateway settings per app and mode against real PostgreSQL: the fallback rule, credentials
 * sealed at rest and masked in every read, LIVE changes only after a fresh password, refusals
 * (unknown gateway, bad credentials), and an audit entry without secrets for every change.
 */
describe('app gateway settings', () => {
  let stack: Stack;
  let adminOp: AdminSession & { operatorId: number };
  /** The API's clock runs this far ahead: moved to make the session's step-up stale. */
  let aheadMs = 0;

  const SECRET = 'own-store-password-7Hq2x9Lm';
  const path = (appId: number, rest = '') => `/api/v1/admin/apps/${appId}/gateways${rest}`;
  const newApp = async () => (await stack.registerApp()).app.id;

  beforeAll(async () => {
    // The stack's service-wide settings: SSLCOMMERZ TEST credentials, none for LIVE.
    stack = await startStack({ worker: false, clock: () => new Date(Date.now() + aheadMs) });
    adminOp = await signInAs(stack, 'ADMIN');
  });
  afterAll(async () => {
    await stack.close();
  });

  it('lists every gateway per mode, on by default exactly where the service has credentials', async () => {
    const appId = await newApp();
    const listed = await adminOp.call('GET', path(appId));
    expect(listed.status).toBe(200);
    for (const mode of ['TEST', 'LIVE']) {
      expect(listed.body.data[mode].map((g: { gateway: string }) => g.gateway)).toEqual(
        GATEWAY_MODULES.map((module) => module.name),
      );
    }
    const find = (mode: string, name: string) =>
      listed.body.data[mode].find((g: { gateway: string }) => g.gateway === name);
    expect(find('TEST', 'sslcommerz')).toMatchObject({
      status: 'ACTIVE',
      enabled: true,
      source: 'SERVICE',
      setting: 'DEFAULT',
      serviceCredentials: true,
      credentials: null,
      fields: [
        { key: 'storeId', secret: false, multiline: false },
        { key: 'storePassword', secret: true, multiline: false },
      ],
    });
    expect(find('LIVE', 'sslcommerz')).toMatchObject({
      status: 'DISABLED',
      enabled: false,
      source: 'NONE',
      setting: 'DEFAULT',
      serviceCredentials: false,
    });
    // Every gateway without service-wide credentials is off until an operator says otherwise.
    for (const state of [...listed.body.data.TEST, ...listed.body.data.LIVE]) {
      expect(state.enabled).toBe(state.serviceCredentials);
    }
  });

  it('seals credentials at rest, masks them in reads, keeps a blank secret, and audits without secrets', async () => {
    const appId = await newApp();
    const saved = await adminOp.call('PUT', path(appId, '/TEST/sslcommerz'), {
      body: { credentials: { storeId: 'own-store-01', storePassword: SECRET } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({
      status: 'ACTIVE',
      source: 'OWN',
      setting: 'ON',
      credentials: { storeId: 'own-store-01', storePassword: `••••${SECRET.slice(-4)}` },
    });
    expect(saved.body.data.updatedBy).toBe(adminOp.operatorId);
    expect(JSON.stringify(saved.body)).not.toContain(SECRET);

    const [row] = await stack
      .em()
      .execute<Array<{ sealed_credentials: string; credentials_hint: unknown }>>(
        'select sealed_credentials, credentials_hint from app_gateways where app_id = ? and mode = ? and gateway = ?',
        [appId, 'TEST', 'sslcommerz'],
      );
    expect(row!.sealed_credentials).toMatch(/^v2\.test\./);
    expect(row!.sealed_credentials).not.toContain(SECRET);
    expect(JSON.stringify(row!.credentials_hint)).not.toContain(SECRET);
    const settings = await loadAppGatewaySettings(stack.em(), appId, 'TEST', stack.keyring);
    expect(settings.get('sslcommerz')).toMatchObject({
      enabled: true,
      credentials: { storeId: 'own-store-01', storePassword: SECRET },
    });

    for (const read of [
      await adminOp.call('GET', path(appId)),
      await adminOp.call('GET', path(appId, '/TEST/sslcommerz')),
    ]) {
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(SECRET);
    }

    // A secret sent blank keeps the stored one; the other field changes.
    const partial = await adminOp.call('PUT', path(appId, '/TEST/sslcommerz'), {
      body: { credentials: { storeId: 'own-store-02', storePassword: '' } },
    });
    expect(partial.status).toBe(200);
    const after = await loadAppGatewaySettings(stack.em(), appId, 'TEST', stack.keyring);
    expect(after.get('sslcommerz')!.credentials).toEqual({ storeId: 'own-store-02', storePassword: SECRET });

    // The same settings again change nothing and are not audited again.
    expect(
      (await adminOp.call('PUT', path(appId, '/TEST/sslcommerz'), { body: { enabled: true } })).status,
    ).toBe(200);

    const audit = await auditRows(stack, { targetType: 'app', targetId: appId });
    expect(audit.map((entry) => entry.action)).toEqual([
      'gateway.settings_updated',
      'gateway.settings_updated',
    ]);
    expect(audit[0]).toMatchObject({
      actor_type: 'OPERATOR',
      before: { mode: 'TEST', gateway: 'sslcommerz', setting: 'DEFAULT' },
      after: {
        mode: 'TEST',
        gateway: 'sslcommerz',
        enabled: true,
        ownCredentials: { storeId: 'own-store-01' },
        changedFields: ['storeId', 'storePassword'],
      },
    });
    expect(audit[1]!.after).toMatchObject({ changedFields: ['storeId'] });
    expect(await wholeAuditLog(stack)).not.toContain(SECRET);
  });

  it('falls back to the service-wide settings: off, on, own credentials, cleared', async () => {
    const appId = await newApp();
    const put = (mode: string, body: unknown) =>
      adminOp.call('PUT', path(appId, `/${mode}/sslcommerz`), { body });

    const off = await put('TEST', { enabled: false });
    expect(off.body.data).toMatchObject({
      status: 'DISABLED',
      enabled: false,
      source: 'SERVICE',
      setting: 'OFF',
    });
    const on = await put('TEST', { enabled: true });
    expect(on.body.data).toMatchObject({ status: 'ACTIVE', source: 'SERVICE', setting: 'ON' });

    const own = await put('TEST', { credentials: { storeId: 'own-store', storePassword: SECRET } });
    expect(own.body.data).toMatchObject({ status: 'ACTIVE', source: 'OWN' });
    const cleared = await adminOp.call('DELETE', path(appId, '/TEST/sslcommerz/credentials'));
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toMatchObject({ status: 'ACTIVE', source: 'SERVICE', credentials: null });
    const settings = await loadAppGatewaySettings(stack.em(), appId, 'TEST', stack.keyring);
    expect(settings.get('sslcommerz')).toMatchObject({ enabled: true, credentials: null });

    // LIVE has no service-wide credentials: on without its own is on but not configured.
    const liveOn = await put('LIVE', { enabled: true });
    expect(liveOn.body.data).toMatchObject({ status: 'NOT_CONFIGURED', enabled: true, source: 'NONE' });
    const liveOwn = await put('LIVE', { credentials: { storeId: 'live-store', storePassword: SECRET } });
    expect(liveOwn.body.data).toMatchObject({ status: 'ACTIVE', source: 'OWN' });
    const liveCleared = await adminOp.call('DELETE', path(appId, '/LIVE/sslcommerz/credentials'));
    expect(liveCleared.body.data).toMatchObject({ status: 'NOT_CONFIGURED', source: 'NONE' });
    // Clearing nothing changes nothing.
    expect((await adminOp.call('DELETE', path(appId, '/LIVE/sslcommerz/credentials'))).status).toBe(200);

    const actions = (await auditRows(stack, { targetType: 'app', targetId: appId })).map((r) => r.action);
    expect(actions).toEqual([
      'gateway.settings_updated',
      'gateway.settings_updated',
      'gateway.settings_updated',
      'gateway.credentials_cleared',
      'gateway.settings_updated',
      'gateway.settings_updated',
      'gateway.credentials_cleared',
    ]);
  });

  it('refuses unknown gateways and apps, and credentials the gateway does not accept', async () => {
    const appId = await newApp();
    for (const [method, where] of [
      ['GET', path(appId, '/TEST/paypal')],
      ['PUT', path(appId, '/TEST/paypal')],
      ['DELETE', path(appId, '/TEST/paypal/credentials')],
    ] as const) {
      const response = await adminOp.call(method, where, {
        body: method === 'PUT' ? { enabled: true } : undefined,
      });
      expect(response.status).toBe(404);
      expect(response.body.meta.errorCode).toBe('GATEWAY_NOT_FOUND');
    }
    const noApp = await adminOp.call('PUT', path(999_999_999, '/TEST/sslcommerz'), {
      body: { enabled: true },
    });
    expect(noApp.status).toBe(404);
    expect(noApp.body.meta.errorCode).toBe('APP_NOT_FOUND');

    const missing = await adminOp.call('PUT', path(appId, '/TEST/sslcommerz'), {
      body: { credentials: { storeId: 'only-the-id' } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.meta.errorCode).toBe('VALIDATION_ERROR');
    expect(missing.body.meta.details).toEqual([
      expect.objectContaining({ field: 'credentials.storePassword', message: 'is required' }),
    ]);

    const unknownField = await adminOp.call('PUT', path(appId, '/TEST/sslcommerz'), {
      body: { credentials: { storeId: 'x', storePassword: SECRET, merchantKey: 'k' } },
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.meta.details).toEqual([
      expect.objectContaining({ field: 'credentials.merchantKey' }),
    ]);

    const empty = await adminOp.call('PUT', path(appId, '/TEST/sslcommerz'), { body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.meta.errorCode).toBe('VALIDATION_ERROR');

    // Nothing refused was stored or audited.
    expect((await loadAppGatewaySettings(stack.em(), appId, 'TEST', stack.keyring)).size).toBe(0);
    expect(await auditRows(stack, { targetType: 'app', targetId: appId })).toEqual([]);
  });

  it('refuses Stripe keys of the other mode (a test key on LIVE, a live key on TEST) with 422, storing nothing', async () => {
    const appId = await newApp();
    const stripe = (mode: 'TEST' | 'LIVE', secretKey: string) =>
      adminOp.call('PUT', path(appId, `/${mode}/stripe`), {
        body: { credentials: { secretKey, webhookSecret: 'whsec_0123456789abcdef' } },
      });
    for (const [mode, key] of [
      ['LIVE', 'sk_test_51Own0123456789'],
      ['LIVE', 'rk_test_51Own0123456789'],
      ['TEST', 'sk_live_51Own0123456789'],
    ] as const) {
      const refused = await stripe(mode, key);
      expect(refused.status).toBe(422);
      expect(refused.body.meta.errorCode).toBe('GATEWAY_CREDENTIALS_WRONG_MODE');
      expect(refused.body.meta.details).toEqual([
        expect.objectContaining({ field: 'credentials.secretKey', code: 'wrong_mode' }),
      ]);
      expect((await loadAppGatewaySettings(stack.em(), appId, mode, stack.keyring)).size).toBe(0);
    }
    expect(await auditRows(stack, { targetType: 'app', targetId: appId })).toEqual([]);
    expect((await stripe('LIVE', 'sk_live_51Own0123456789')).body.data).toMatchObject({
      mode: 'LIVE',
      status: 'ACTIVE',
      source: 'OWN',
    });
    expect((await stripe('TEST', 'sk_test_51Own0123456789')).status).toBe(200);
  });

  it('changes LIVE settings only after a fresh password, TEST ones without; only ADMIN changes them', async () => {
    const appId = await newApp();
    const admin = await signInAs(stack, 'ADMIN');
    const finance = await signInAs(stack, 'FINANCE');
    aheadMs = 6 * 60 * 1000; // past the 5-minute step-up window
    try {
      const live = () =>
        admin.call('PUT', path(appId, '/LIVE/sslcommerz'), {
          body: { credentials: { storeId: 'live-store', storePassword: SECRET } },
        });
      const refused = await live();
      expect(refused.status).toBe(403);
      expect(refused.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
      const clear = await admin.call('DELETE', path(appId, '/LIVE/sslcommerz/credentials'));
      expect(clear.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
      expect((await loadAppGatewaySettings(stack.em(), appId, 'LIVE', stack.keyring)).size).toBe(0);

      const test = await admin.call('PUT', path(appId, '/TEST/sslcommerz'), { body: { enabled: false } });
      expect(test.status).toBe(200);

      expect((await admin.stepUp()).status).toBe(200);
      const allowed = await live();
      expect(allowed.status).toBe(200);
      expect(allowed.body.data).toMatchObject({ mode: 'LIVE', status: 'ACTIVE', source: 'OWN' });

      const forbidden = await finance.call('PUT', path(appId, '/TEST/sslcommerz'), {
        body: { enabled: true },
      });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.meta.errorCode).toBe('FORBIDDEN');
      expect((await finance.call('GET', path(appId))).status).toBe(200);
    } finally {
      aheadMs = 0;
    }
  });

  it('the dashboard shows the states and saves a form, asking for the password before LIVE forms', async () => {
    const appId = await newApp();
    const admin = await signInAs(stack, 'ADMIN');
    const form = (where: string, fields: Record<string, string>) =>
      stack.api('POST', where, {
        rawBody: new URLSearchParams({ _csrf: admin.csrfToken, ...fields }).toString(),
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const page = async () => {
      const response = await stack.api('GET', `/admin/apps/${appId}/gateways`, {
        headers: { cookie: admin.cookie },
      });
      expect(response.status).toBe(200);
      return response.body as string;
    };

    const detail = await stack.api('GET', `/admin/apps/${appId}`, { headers: { cookie: admin.cookie } });
    expect(detail.body).toContain(`href="/admin/apps/${appId}/gateways"`);
    let html = await page();
    expect(html).toContain('data-testid="gateway-TEST-sslcommerz"');
    expect(html).toContain('data-testid="gateway-form-LIVE-sslcommerz"'); // signing in counts as step-up

    const saved = await form(`/admin/apps/${appId}/gateways/TEST/sslcommerz`, {
      _form: 'credentials',
      cred_storeId: 'page-store',
      cred_storePassword: SECRET,
    });
    expect(saved.status).toBe(302);
    html = await page();
    expect(html).toContain('value="page-store"');
    expect(html).not.toContain(SECRET);
    expect(html).toContain(`••••${SECRET.slice(-4)}`);

    const refused = await form(`/admin/apps/${appId}/gateways/TEST/sslcommerz`, {
      _form: 'credentials',
      cred_storeId: '',
      cred_storePassword: 'typed-but-refused-secret',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('data-testid="gateway-problems-TEST-sslcommerz"');
    expect(refused.body).not.toContain('typed-but-refused-secret');

    aheadMs = 6 * 60 * 1000;
    try {
      html = await page();
      expect(html).toContain('data-testid="gateway-step-up"');
      expect(html).not.toContain('data-testid="gateway-form-LIVE-sslcommerz"');
      const stale = await form(`/admin/apps/${appId}/gateways/LIVE/sslcommerz`, {
        _form: 'credentials',
        cred_storeId: 'live-store',
        cred_storePassword: SECRET,
      });
      expect(stale.status).toBe(403);
      expect(stale.body).not.toContain(SECRET);
    } finally {
      aheadMs = 0;
    }
    expect((await loadAppGatewaySettings(stack.em(), appId, 'LIVE', stack.keyring)).size).toBe(0);
  });
});
