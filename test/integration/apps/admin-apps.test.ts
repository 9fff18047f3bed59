import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Webhook } from 'standardwebhooks';
import { createApp } from '../../../api/app.js';
import {
  approveAndCollect,
  auditRows,
  registerThroughApi,
  signInAs,
  whoAmI,
  wholeAuditLog,
  type AdminSession,
} from '../../helpers/apps-admin.js';
import { close, listen } from '../../helpers/local-server.js';
import { startStack, startWebhookReceiver, type Stack } from '../../helpers/stack.js';

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/** The admin apps API: registration, settings, suspension, webhooks, roles, audit, and secrecy. */
describe('admin apps API', () => {
  let stack: Stack;
  let receiver: Receiver;
  let developer: AdminSession;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    receiver = await startWebhookReceiver();
    developer = await signInAs(stack, 'DEVELOPER');
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.close();
  });

  it('registers an app with branding, returns its TEST secret once and asks for its LIVE pair', async () => {
    const created = await developer.call('POST', '/api/v1/admin/apps', {
      body: {
        name: 'bookshop-one',
        displayName: 'The Bookshop',
        logoUrl: 'https://cdn.example/logo.png',
        brandColor: '#0f766e',
        receiptsEnabled: false,
      },
    });
    expect(created.status).toBe(201);
    const { app, credentials, liveKeyRequest } = created.body.data;
    expect(app).toMatchObject({
      name: 'bookshop-one',
      displayName: 'The Bookshop',
      logoUrl: 'https://cdn.example/logo.png',
      brandColor: '#0f766e',
      receiptsEnabled: false,
      status: 'ACTIVE',
    });
    expect(credentials.TEST.key).toMatch(/^oi_test_/);
    expect(credentials.TEST.secret).toMatch(/^oi_test_sk_/);
    // The LIVE pair holds every scope, money ones included: it waits for a money role.
    expect(credentials.LIVE).toBeNull();
    expect(liveKeyRequest).toMatchObject({ kind: 'APP_LIVE_PAIR', mode: 'LIVE', status: 'WAITING' });
    const detail = await developer.call('GET', `/api/v1/admin/apps/${app.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.data.app).toEqual(app);
    expect(detail.body.data.credentials).toHaveLength(1);
    expect(detail.body.data.credentials[0]).toEqual({
      id: expect.any(Number),
      mode: expect.stringMatching(/^(TEST|LIVE)$/),
      key: expect.stringMatching(/^oi_(test|live)_/),
      status: 'ACTIVE',
      createdAt: expect.any(String),
      firstUsedAt: null,
      lastUsedAt: null,
      graceEndsAt: null,
      revokedAt: null,
      replacedById: null,
      // The app's own pair: unnamed, with every scope.
      name: null,
      scopes: null,
    });
    expect(detail.body.data.webhooks).toEqual({ TEST: null, LIVE: null });
    const text = JSON.stringify(detail.body);
    expect(text).not.toContain(credentials.TEST.secret);
    expect(text).not.toMatch(/secret|hash/i);
    expect(await whoAmI(stack, credentials.TEST)).toMatchObject({
      status: 200,
      body: { data: { mode: 'TEST' } },
    });
    const live = await approveAndCollect(developer, await signInAs(stack, 'FINANCE'), liveKeyRequest.id);
    expect(live.key).toMatch(/^oi_live_/);
    expect(await whoAmI(stack, live)).toMatchObject({
      status: 200,
      body: { data: { mode: 'LIVE' } },
    });

    const duplicate = await developer.call('POST', '/api/v1/admin/apps', { body: { name: 'BOOKSHOP-one' } });
    expect(duplicate).toMatchObject({ status: 409, body: { meta: { errorCode: 'APP_NAME_TAKEN' } } });
  });

  it('lists apps newest first with counts, paginated', async () => {
    const app = await registerThroughApi(developer);
    await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/TEST`, {
      body: { url: receiver.url },
    });
    const viewer = await signInAs(stack, 'VIEWER');
    const list = await viewer.call('GET', '/api/v1/admin/apps?size=2');
    expect(list.status).toBe(200);
    expect(list.body.pagination).toMatchObject({ page: 1, size: 2 });
    expect(list.body.data.items[0]).toMatchObject({
      id: app.id,
      name: app.name,
      // Its TEST pair; its LIVE pair waits for a money role's approval.
      counts: { workingCredentials: 1, payments: 0, webhookEndpoints: 1 },
    });
    expect(JSON.stringify(list.body)).not.toContain(app.test.secret);
    const bad = await viewer.call('GET', '/api/v1/admin/apps?size=500');
    expect(bad.body.meta.errorCode).toBe('VALIDATION_ERROR');
  });

  it('refuses bad input with VALIDATION_ERROR and field details', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '' }, 'name'],
      [{ name: 'has spaces' }, 'name'],
      [{ name: 'ok-name', logoUrl: 'ftp://cdn.example/logo.png' }, 'logoUrl'],
      [{ name: 'ok-name', logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
      [{ name: 'ok-name', brandColor: 'teal' }, 'brandColor'],
      [{ name: 'ok-name', receiptsEnabled: 'yes' }, 'receiptsEnabled'],
      [{ name: 'ok-name', status: 'ACTIVE' }, 'status'],
    ];
    for (const [body, field] of cases) {
      const response = await developer.call('POST', '/api/v1/admin/apps', { body });
      expect(response.status).toBe(400);
      expect(response.body.meta.errorCode).toBe('VALIDATION_ERROR');
      expect(response.body.meta.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const app = await registerThroughApi(developer);
    const empty = await developer.call('PATCH', `/api/v1/admin/apps/${app.id}`, { body: {} });
    expect(empty.body.meta.errorCode).toBe('VALIDATION_ERROR');
    const missing = await developer.call('GET', '/api/v1/admin/apps/999999999');
    expect(missing).toMatchObject({ status: 404, body: { meta: { errorCode: 'APP_NOT_FOUND' } } });
    const notAnId = await developer.call('GET', '/api/v1/admin/apps/abc');
    expect(notAnId.body.meta.errorCode).toBe('APP_NOT_FOUND');
  });

  it('updates settings and audits before and after', async () => {
    const app = await registerThroughApi(developer, { displayName: 'Before' });
    const patched = await developer.call('PATCH', `/api/v1/admin/apps/${app.id}`, {
      body: { displayName: 'After', brandColor: '#112233', logoUrl: null, receiptsEnabled: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({
      displayName: 'After',
      brandColor: '#112233',
      receiptsEnabled: false,
    });
    const [entry] = await auditRows(stack, { action: 'app.update', targetId: app.id });
    expect(entry!.before).toMatchObject({ displayName: 'Before', brandColor: null, receiptsEnabled: true });
    expect(entry!.after).toMatchObject({
      displayName: 'After',
      brandColor: '#112233',
      receiptsEnabled: false,
    });
    expect(entry!.actor_type).toBe('OPERATOR');
  });

  it('sets webhook endpoints, rotates their secrets and pings them with a verifiable signature', async () => {
    const app = await registerThroughApi(developer);
    const set = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/test`, {
      body: { url: receiver.url },
    });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ mode: 'TEST', url: receiver.url });
    const firstSecret = set.body.data.secret as string;
    expect(firstSecret).toMatch(/^whsec_/);

    const detail = await developer.call('GET', `/api/v1/admin/apps/${app.id}`);
    expect(detail.body.data.webhooks.TEST).toMatchObject({ url: receiver.url });
    expect(detail.body.data.webhooks.LIVE).toBeNull();
    expect(JSON.stringify(detail.body)).not.toContain(firstSecret);

    const rotated = await developer.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/rotate-secret`);
    expect(rotated.status).toBe(200);
    const secret = rotated.body.data.secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(firstSecret);

    const before = receiver.received.length;
    const ping = await developer.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/ping`);
    expect(ping.status).toBe(200);
    expect(ping.body.data).toMatchObject({ url: receiver.url, statusCode: 200, ok: true, error: null });
    expect(ping.body.data.durationMs).toEqual(expect.any(Number));
    expect(JSON.stringify(ping.body)).not.toContain(secret);
    const delivered = receiver.received[before]!;
    const headers = Object.fromEntries(
      ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(delivered.headers[h])]),
    );
    const payload = new Webhook(secret).verify(delivered.body, headers) as Record<string, unknown>;
    expect(payload).toMatchObject({ type: 'webhook.ping', data: { appId: app.id, mode: 'TEST' } });
    // The replaced secret keeps signing alongside the new one through the rotation's grace window.
    expect(() => new Webhook(firstSecret).verify(delivered.body, headers)).not.toThrow();

    receiver.respondNext(503);
    const failing = await developer.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/ping`);
    expect(failing.body.data).toMatchObject({ statusCode: 503, ok: false });

    const none = await developer.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/LIVE/ping`);
    expect(none).toMatchObject({ status: 404, body: { meta: { errorCode: 'WEBHOOK_ENDPOINT_NOT_FOUND' } } });
    const noneRotate = await developer.call(
      'POST',
      `/api/v1/admin/apps/${app.id}/webhooks/LIVE/rotate-secret`,
    );
    expect(noneRotate.body.meta.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const badMode = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/PROD`, {
      body: { url: receiver.url },
    });
    expect(badMode.body.meta.errorCode).toBe('VALIDATION_ERROR');
    const badUrl = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/LIVE`, {
      body: { url: 'not a url' },
    });
    expect(badUrl.body.meta).toMatchObject({ errorCode: 'VALIDATION_ERROR', details: [{ field: 'url' }] });

    const actions = (await auditRows(stack, { targetType: 'app', targetId: app.id })).map((r) => r.action);
    expect(actions).toEqual([
      'app.create',
      'webhook.endpoint_set',
      'webhook.secret_rotated',
      'webhook.ping',
      'webhook.ping',
    ]);
  });

  it('masks secrets in a webhook URL wherever operators read it, delivers to it in full, and pings without naming addresses', async () => {
    const app = await registerThroughApi(developer);
    const withSecrets =
      receiver.url.replace('http://', 'http://hookuser:hookpass-s3cret@') + '?token=tok-s3cret&v=1';
    const masked = receiver.url.replace('http://', 'http://***:***@') + '?token=***&v=***';
    const set = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/test`, {
      body: { url: withSecrets },
    });
    expect(set.status).toBe(200);
    expect(set.body.data.url).toBe(masked);
    const detail = await developer.call('GET', `/api/v1/admin/apps/${app.id}`);
    expect(detail.body.data.webhooks.TEST.url).toBe(masked);
    const page = await stack.api('GET', `/admin/apps/${app.id}`, { headers: { cookie: developer.cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain(masked.replace(/&/g, '&amp;'));

    const before = receiver.received.length;
    const ping = await developer.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/ping`);
    expect(ping.body.data).toMatchObject({ url: masked, statusCode: 200, ok: true });
    // Delivered to the URL as stored: its query and its credentials reach the receiver.
    const delivered = receiver.received[before]!;
    expect(delivered.path).toBe('/webhooks?token=tok-s3cret&v=1');
    expect(delivered.headers.authorization).toBe(
      `Basic ${Buffer.from('hookuser:hookpass-s3cret').toString('base64')}`,
    );

    for (const text of [JSON.stringify(page.body), JSON.stringify(detail.body), JSON.stringify(ping.body)]) {
      expect(text).not.toContain('s3cret');
    }
    const audit = await auditRows(stack, { targetType: 'app', targetId: app.id });
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['webhook.endpoint_set', 'webhook.ping']),
    );
    expect(JSON.stringify(audit)).not.toContain('s3cret');

    // Nothing listens there: the operator learns the kind of failure, not the address.
    const closed = await listen(() => {});
    await close(closed.server);
    await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/test`, {
      body: { url: `${closed.url}/in` },
    });
    const refused = await developer.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/ping`);
    expect(refused.body.data).toMatchObject({ statusCode: null, ok: false });
    expect(refused.body.data.error).toBe('The endpoint refused the connection (CONNECTION_REFUSED)');
    const pings = await auditRows(stack, { targetType: 'app', targetId: app.id, action: 'webhook.ping' });
    expect((pings.at(-1)!.after as { error: string }).error).toBe(refused.body.data.error);
  });

  it('dashboard forms answer bad input with the form again or an error flash, never a 500', async () => {
    const form = (path: string, fields: Record<string, string>) =>
      stack.api('POST', path, {
        rawBody: new URLSearchParams({ _csrf: developer.csrfToken, ...fields }).toString(),
        headers: { cookie: developer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const badLogo = await form('/admin/apps', { name: 'page-made', logoUrl: 'ftp://x.example/logo.png' });
    expect(badLogo.status).toBe(400);
    expect(badLogo.body).toContain('data-testid="form-error"');
    expect(badLogo.body).toContain('logoUrl');
    expect(badLogo.body).toContain('value="page-made"');

    const made = await form('/admin/apps', {
      name: 'page-made',
      displayName: 'Page Made',
      receiptsEnabled: 'on',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatch(/data-testid="secret-TEST">oi_test_sk_/);
    const appId = Number(/href="\/admin\/apps\/(\d+)" data-testid="secrets-done"/.exec(made.body)![1]);

    const badColour = await form(`/admin/apps/${appId}/settings`, { displayName: 'X', brandColor: 'red' });
    expect(badColour.status).toBe(302);
    expect(decodeURIComponent(badColour.headers.get('location')!)).toContain('brandColor');
    const badGrace = await form(`/admin/apps/${appId}/credentials/rotate`, {
      mode: 'TEST',
      currentId: 'none',
      graceHours: '500',
    });
    expect(decodeURIComponent(badGrace.headers.get('location')!)).toContain('graceHours');
    const missing = await form('/admin/apps/999999999/suspend', {});
    expect(missing.status).toBe(404);
    const detail = await stack.api('GET', `/admin/apps/${appId}`, { headers: { cookie: developer.cookie } });
    expect(detail.status).toBe(200);
    expect(detail.body).not.toMatch(/oi_(test|live)_sk_/);
  });

  describe('roles', () => {
    let app: Awaited<ReturnType<typeof registerThroughApi>>;
    let credentialId: number;
    beforeAll(async () => {
      app = await registerThroughApi(developer);
      const detail = await developer.call('GET', `/api/v1/admin/apps/${app.id}`);
      credentialId = detail.body.data.credentials[0].id;
    });

    const changes = () =>
      [
        ['POST', '/api/v1/admin/apps', { name: 'not-allowed' }],
        ['PATCH', `/api/v1/admin/apps/${app.id}`, { displayName: 'Nope' }],
        ['POST', `/api/v1/admin/apps/${app.id}/suspend`, undefined],
        ['POST', `/api/v1/admin/apps/${app.id}/credentials/rotate`, { mode: 'TEST' }],
        ['POST', `/api/v1/admin/credentials/${credentialId}/revoke`, undefined],
        ['PUT', `/api/v1/admin/apps/${app.id}/webhooks/TEST`, { url: 'https://hooks.example/x' }],
        ['POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/rotate-secret`, undefined],
        ['POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/ping`, undefined],
      ] as const;

    it.each(['VIEWER', 'SUPPORT', 'FINANCE'] as const)('%s reads apps but changes nothing', async (role) => {
      const session = await signInAs(stack, role);
      expect((await session.call('GET', '/api/v1/admin/apps')).status).toBe(200);
      expect((await session.call('GET', `/api/v1/admin/apps/${app.id}`)).status).toBe(200);
      for (const [method, path, body] of changes()) {
        const response = await session.call(method, path, { body });
        expect([method, path, response.status, response.body.meta.errorCode]).toEqual([
          method,
          path,
          403,
          'FORBIDDEN',
        ]);
      }
      expect(await whoAmI(stack, app.test)).toMatchObject({ status: 200 });
    });

    it('ADMIN may do everything a DEVELOPER may', async () => {
      const admin = await signInAs(stack, 'ADMIN');
      const created = await registerThroughApi(admin);
      const rotated = await admin.call('POST', `/api/v1/admin/apps/${created.id}/credentials/rotate`, {
        body: { mode: 'LIVE', graceHours: 1 },
      });
      // A LIVE pair is a key request for an ADMIN too: another money role approves it.
      expect(rotated.status).toBe(202);
      expect(rotated.body.data.keyRequest.status).toBe('WAITING');
    });

    it('needs a session and the CSRF token', async () => {
      const anonymous = await stack.api('GET', '/api/v1/admin/apps');
      expect(anonymous.body.meta.errorCode).toBe('SESSION_REQUIRED');
      const noCsrf = await developer.call('POST', '/api/v1/admin/apps', {
        body: { name: 'x1' },
        csrf: false,
      });
      expect(noCsrf.body.meta.errorCode).toBe('CSRF_TOKEN_INVALID');
    });
  });

  it('the page to register an app asks for the step-up once the window has passed, then shows its form', async () => {
    const op = await stack.createOperator('DEVELOPER');
    const session = await stack.adminLogin(op.email, op.password);
    await stack
      .em()
      .execute(
        `update operator_sessions set step_up_at = now() - interval '6 minutes' where operator_id = ?`,
        [op.id],
      );
    const open = () => stack.api('GET', '/admin/apps/new', { headers: { cookie: session.cookie } });
    const stepUp = (fields: Record<string, string>) =>
      stack.api('POST', '/admin/step-up', {
        rawBody: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });

    const asked = await open();
    expect(asked.status).toBe(403);
    expect(asked.body).toContain('data-testid="step-up"');
    expect(asked.body).toContain('<form method="post" action="/admin/step-up">');
    expect(asked.body).toContain('<input type="hidden" name="next" value="/admin/apps/new" />');
    expect(asked.body).toContain('name="_step_up_password"');
    expect(asked.body).not.toContain('data-testid="register-form"');

    const wrong = await stepUp({ next: '/admin/apps/new', _step_up_password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('That password is not correct.');
    expect(wrong.body).toContain('value="/admin/apps/new"');
    // Only pages of the dashboard are gone back to.
    const elsewhere = await stepUp({ next: 'https://evil.example/admin', _step_up_password: op.password });
    expect(elsewhere.status).toBe(302);
    expect(elsewhere.headers.get('location')).toBe('/admin');

    const right = await stepUp({ next: '/admin/apps/new', _step_up_password: op.password });
    expect(right.status).toBe(302);
    expect(right.headers.get('location')).toBe('/admin/apps/new');
    const shown = await open();
    expect(shown.status).toBe(200);
    expect(shown.body).toContain('data-testid="register-form"');
    const audited = await stack
      .em()
      .execute<Array<{ action: string }>>(
        `select action from audit_log where target_type = 'operator' and target_id = ? and action like 'operator.step_up%' order by id`,
        [String(op.id)],
      );
    expect(audited.map((row) => row.action)).toEqual([
      'operator.step_up_failed',
      'operator.step_up',
      'operator.step_up',
    ]);
  });

  it('audits every action without a single secret, and logs none', async () => {
    // A second instance of the API on the same database, logging everything to memory.
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = createApp({ ...stack.deps, logger: pino({ level: 'trace' }, sink) });
    const server: Server = createServer(logged.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const call = async (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          cookie: developer.cookie,
          'x-csrf-token': developer.csrfToken,
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };

    try {
      const created = await call('POST', '/api/v1/admin/apps', { name: `audited-${Date.now()}` });
      const appId = created.body.data.app.id as number;
      const secrets: string[] = [created.body.data.credentials.TEST.secret];
      // The LIVE pair approved by finance, then collected through this instance: its secret too.
      const finance = await signInAs(stack, 'FINANCE');
      const requestId = created.body.data.liveKeyRequest.id as number;
      expect(
        (await finance.call('POST', `/api/v1/admin/key-requests/${requestId}/approve`, { body: {} })).status,
      ).toBe(200);
      const collected = await call('POST', `/api/v1/admin/key-requests/${requestId}/collect`, {});
      expect(collected.status).toBe(201);
      secrets.push(collected.body.data.secret);
      const keys = created.body.data.credentials;
      await call('GET', '/api/v1/app/me', undefined, {
        'x-api-key': keys.TEST.key,
        'x-api-secret': secrets[0]!,
      });
      await call('GET', '/api/v1/app/me', undefined, { 'x-api-key': keys.TEST.key, 'x-api-secret': 'wrong' });
      await call('PATCH', `/api/v1/admin/apps/${appId}`, { displayName: 'Audited' });
      await call('POST', `/api/v1/admin/apps/${appId}/suspend`);
      await call('POST', `/api/v1/admin/apps/${appId}/reactivate`);
      const rotated = await call('POST', `/api/v1/admin/apps/${appId}/credentials/rotate`, { mode: 'TEST' });
      secrets.push(rotated.body.data.secret);
      await call('GET', '/api/v1/app/me', undefined, {
        'x-api-key': keys.TEST.key,
        'x-api-secret': secrets[0]!,
      });
      await call('POST', `/api/v1/admin/credentials/${rotated.body.data.previous.id}/revoke`);
      const hook = await call('PUT', `/api/v1/admin/apps/${appId}/webhooks/TEST`, { url: receiver.url });
      secrets.push(hook.body.data.secret);
      const hook2 = await call('POST', `/api/v1/admin/apps/${appId}/webhooks/TEST/rotate-secret`);
      secrets.push(hook2.body.data.secret);
      await call('POST', `/api/v1/admin/apps/${appId}/webhooks/TEST/ping`);
      const detail = await call('GET', `/api/v1/admin/apps/${appId}`);
      const list = await call('GET', '/api/v1/admin/apps');

      // Give the fire-and-forget usage records time to land.
      await new Promise((r) => setTimeout(r, 500));
      const credentialIds = detail.body.data.credentials.map((c: { id: number }) => String(c.id));
      const entries = [
        ...(await auditRows(stack, { targetType: 'app', targetId: appId })),
        ...(
          await Promise.all(
            credentialIds.map((id: string) => auditRows(stack, { targetType: 'credential', targetId: id })),
          )
        ).flat(),
      ];
      const appActions = entries.filter((e) => e.target_type === 'app').map((e) => e.action);
      expect(appActions).toEqual([
        'app.create',
        'app.update',
        'app.suspend',
        'app.reactivate',
        'webhook.endpoint_set',
        'webhook.secret_rotated',
        'webhook.ping',
      ]);
      const credentialActions = entries.filter((e) => e.target_type === 'credential').map((e) => e.action);
      expect(credentialActions).toEqual(
        expect.arrayContaining([
          'credential.first_use',
          'credential.rotate',
          'credential.revoke',
          'credential.used_in_grace',
        ]),
      );

      const everything = [
        await wholeAuditLog(stack),
        lines.join('\n'),
        JSON.stringify(detail.body),
        JSON.stringify(list.body),
      ];
      expect(lines.length).toBeGreaterThan(10);
      for (const secret of secrets) {
        expect(secret).toMatch(/^(oi_(test|live)_sk_|whsec_)/);
        for (const text of everything) expect(text).not.toContain(secret);
      }
      // Nor the parts of a secret a redaction might leave behind.
      for (const text of everything) expect(text).not.toMatch(/whsec_|_sk_/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
