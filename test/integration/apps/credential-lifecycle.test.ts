import {
  auditRows,
  credentialRow,
  registerThroughApi,
  signInAs,
  whoAmI,
  type AdminRegisteredApp,
  type AdminSession,
} from '../../helpers/apps-admin.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

/**
 * The credential lifecycle against the real API and database, with a clock the test moves:
 * rotation with a grace window, expiry, revocation, suspension, step-up and usage records.
 */
describe('credential lifecycle', () => {
  let stack: Stack;
  let current = new Date();
  const advance = (ms: number) => {
    current = new Date(current.getTime() + ms);
  };
  let developer: AdminSession;
  let finance: AdminSession;

  beforeAll(async () => {
    stack = await startStack({ worker: false, clock: () => current });
  });
  afterAll(() => stack.close());
  // Moving the clock ends sessions (30 minutes idle): each test starts with a fresh one.
  beforeEach(async () => {
    developer = await signInAs(stack, 'DEVELOPER');
    finance = await signInAs(stack, 'FINANCE');
  });
  // The app's LIVE pair waits for a money role: finance approves it, the developer collects it.
  const registerLive = () => registerThroughApi(developer, {}, { liveApprovedBy: finance });

  const rotate = (session: AdminSession, appId: number, body: Record<string, unknown>) =>
    session.call('POST', `/api/v1/admin/apps/${appId}/credentials/rotate`, { body });

  it('keeps the old secret working through the grace window, then refuses it with CREDENTIAL_EXPIRED', async () => {
    const app = await registerLive();
    expect(await whoAmI(stack, app.test)).toMatchObject({ status: 200 });

    const rotated = await rotate(developer, app.id, { mode: 'TEST', graceHours: 2 });
    expect(rotated.status).toBe(201);
    const fresh = { key: rotated.body.data.credential.key, secret: rotated.body.data.secret };
    expect(fresh.key).toMatch(/^oi_test_/);
    expect(fresh.secret).not.toBe(app.test.secret);
    const graceEndsAt = new Date(rotated.body.data.previous.graceEndsAt);
    expect(graceEndsAt.getTime()).toBe(current.getTime() + 2 * HOUR);
    expect(rotated.body.data.previous).toMatchObject({ key: app.test.key, status: 'GRACE' });

    // Both work during grace, each in its own mode.
    for (const creds of [app.test, fresh]) {
      const me = await whoAmI(stack, creds);
      expect(me.status).toBe(200);
      expect(me.body.data).toMatchObject({ id: app.id, mode: 'TEST' });
    }
    advance(2 * HOUR - 1000);
    expect((await whoAmI(stack, app.test)).status).toBe(200);

    // At the end of the window (inclusive), the old one stops.
    current = graceEndsAt;
    expect(await whoAmI(stack, app.test)).toMatchObject({ status: 401, errorCode: 'CREDENTIAL_EXPIRED' });
    expect(await whoAmI(stack, fresh)).toMatchObject({ status: 200 });
    expect(await whoAmI(stack, app.live)).toMatchObject({ status: 200 });
    // A wrong secret for the expired key still learns nothing.
    expect(await whoAmI(stack, { key: app.test.key, secret: 'guess' })).toMatchObject({
      status: 401,
      errorCode: 'INVALID_CREDENTIALS',
    });

    const viewer = await signInAs(stack, 'VIEWER');
    const detail = await viewer.call('GET', `/api/v1/admin/apps/${app.id}`);
    const statuses = Object.fromEntries(
      detail.body.data.credentials.map((c: { key: string; status: string }) => [c.key, c.status]),
    );
    expect(statuses).toEqual({ [app.test.key]: 'EXPIRED', [fresh.key]: 'ACTIVE', [app.live.key]: 'ACTIVE' });
  });

  it('defaults the grace window to 24 hours and bounds it to (0, 168]', async () => {
    const app = await registerThroughApi(developer);
    const byDefault = await rotate(developer, app.id, { mode: 'TEST' });
    expect(byDefault.status).toBe(201);
    expect(new Date(byDefault.body.data.previous.graceEndsAt).getTime()).toBe(current.getTime() + 24 * HOUR);

    for (const graceHours of [0, -1, 168.5, 1000, '12']) {
      const refused = await rotate(developer, app.id, { mode: 'TEST', graceHours });
      expect(refused.status).toBe(400);
      expect(refused.body.meta.errorCode).toBe('VALIDATION_ERROR');
      expect(refused.body.meta.details).toEqual([expect.objectContaining({ field: 'graceHours' })]);
    }
    const badMode = await rotate(developer, app.id, { mode: 'PROD' });
    expect(badMode.body.meta.errorCode).toBe('VALIDATION_ERROR');
    const longest = await rotate(developer, app.id, { mode: 'TEST', graceHours: 168 });
    expect(longest.status).toBe(201);
    expect(new Date(longest.body.data.previous.graceEndsAt).getTime()).toBe(current.getTime() + 168 * HOUR);
    const unknownApp = await rotate(developer, 987654321, { mode: 'TEST' });
    expect(unknownApp).toMatchObject({ status: 404, body: { meta: { errorCode: 'APP_NOT_FOUND' } } });
  });

  it('revokes a credential immediately with CREDENTIAL_REVOKED', async () => {
    const app = await registerLive();
    const detail = await developer.call('GET', `/api/v1/admin/apps/${app.id}`);
    const testCredential = detail.body.data.credentials.find((c: { mode: string }) => c.mode === 'TEST');

    const revoked = await developer.call('POST', `/api/v1/admin/credentials/${testCredential.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data).toMatchObject({ id: testCredential.id, status: 'REVOKED' });
    expect(revoked.body.data.revokedAt).toBe(current.toISOString());
    expect(await whoAmI(stack, app.test)).toMatchObject({ status: 401, errorCode: 'CREDENTIAL_REVOKED' });
    expect(await whoAmI(stack, { key: app.test.key, secret: 'guess' })).toMatchObject({
      errorCode: 'INVALID_CREDENTIALS',
    });
    expect(await whoAmI(stack, app.live)).toMatchObject({ status: 200 });

    // Revoking again changes nothing; an unknown id is a 404.
    const again = await developer.call('POST', `/api/v1/admin/credentials/${testCredential.id}/revoke`);
    expect(again.body.data.revokedAt).toBe(revoked.body.data.revokedAt);
    expect(await auditRows(stack, { action: 'credential.revoke', targetId: testCredential.id })).toHaveLength(
      1,
    );
    const missing = await developer.call('POST', '/api/v1/admin/credentials/999999999/revoke');
    expect(missing).toMatchObject({ status: 404, body: { meta: { errorCode: 'CREDENTIAL_NOT_FOUND' } } });

    // A revoked credential in grace stops too; the mode can be given a new pair by rotating.
    const rotated = await rotate(developer, app.id, { mode: 'TEST' });
    expect(rotated.body.data.previous).toBeNull();
    expect(
      await whoAmI(stack, { key: rotated.body.data.credential.key, secret: rotated.body.data.secret }),
    ).toMatchObject({ status: 200 });
  });

  it('a revoked credential in its grace window stops at once', async () => {
    const app = await registerThroughApi(developer);
    const rotated = await rotate(developer, app.id, { mode: 'TEST', graceHours: 48 });
    const oldId = rotated.body.data.previous.id;
    expect((await whoAmI(stack, app.test)).status).toBe(200);
    await developer.call('POST', `/api/v1/admin/credentials/${oldId}/revoke`);
    expect(await whoAmI(stack, app.test)).toMatchObject({ status: 401, errorCode: 'CREDENTIAL_REVOKED' });
  });

  it('suspending an app refuses both modes with APP_SUSPENDED; reactivating restores them', async () => {
    const app = await registerLive();
    const suspended = await developer.call('POST', `/api/v1/admin/apps/${app.id}/suspend`);
    expect(suspended.body.data.status).toBe('SUSPENDED');
    for (const creds of [app.test, app.live]) {
      expect(await whoAmI(stack, creds)).toMatchObject({ status: 403, errorCode: 'APP_SUSPENDED' });
    }
    // A wrong secret does not learn that the app is suspended.
    expect(await whoAmI(stack, { key: app.live.key, secret: 'guess' })).toMatchObject({
      errorCode: 'INVALID_CREDENTIALS',
    });
    const reactivated = await developer.call('POST', `/api/v1/admin/apps/${app.id}/reactivate`);
    expect(reactivated.body.data.status).toBe('ACTIVE');
    for (const creds of [app.test, app.live]) expect((await whoAmI(stack, creds)).status).toBe(200);
    const actions = (await auditRows(stack, { targetType: 'app', targetId: app.id })).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['app.create', 'app.suspend', 'app.reactivate']));
  });

  describe('step-up', () => {
    let app: AdminRegisteredApp;
    let credentialId: number;
    beforeEach(async () => {
      app = await registerLive();
      const detail = await developer.call('GET', `/api/v1/admin/apps/${app.id}`);
      credentialId = detail.body.data.credentials.find((c: { mode: string }) => c.mode === 'LIVE').id;
    });

    const sensitive = (session: AdminSession) => [
      () => rotate(session, app.id, { mode: 'TEST', graceHours: 1 }),
      () => session.call('POST', `/api/v1/admin/credentials/${credentialId}/revoke`),
      () =>
        // Loopback, refused at once: the ping below must not leave this machine.
        session.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/TEST`, {
          body: { url: 'https://127.0.0.1:9/oi' },
        }),
      () => session.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/rotate-secret`),
      // It issues a TEST secret and asks for LIVE ones.
      () => session.call('POST', '/api/v1/admin/apps', { body: { name: `stepup-${Date.now()}` } }),
      // It sends a signed request out of our network.
      () => session.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/ping`),
    ];

    it('asks for the password again once the last one is older than 5 minutes', async () => {
      // Signing in counts as a fresh confirmation. A LIVE pair is asked for, not issued.
      expect((await rotate(developer, app.id, { mode: 'LIVE', graceHours: 1 })).status).toBe(202);
      advance(6 * MINUTE);
      for (const action of sensitive(developer)) {
        const refused = await action();
        expect(refused.status).toBe(403);
        expect(refused.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
      }
      // Ordinary changes do not need it.
      const patched = await developer.call('PATCH', `/api/v1/admin/apps/${app.id}`, {
        body: { displayName: 'Renamed' },
      });
      expect(patched.status).toBe(200);
      expect((await whoAmI(stack, app.test)).status).toBe(200);

      expect((await developer.stepUp()).status).toBe(200);
      const statuses = [];
      for (const action of sensitive(developer)) statuses.push((await action()).status);
      expect(statuses).toEqual([201, 200, 200, 200, 201, 200]);
    });
  });

  describe('usage records', () => {
    it('stamps first use once (audited) and last use at most once a minute', async () => {
      const app = await registerThroughApi(developer);
      expect((await credentialRow(stack, app.test.key)).firstUsedAt).toBeNull();
      const firstAt = current;
      await whoAmI(stack, app.test);
      const first = await eventually(async () => {
        const row = await credentialRow(stack, app.test.key);
        return row.firstUsedAt ? row : null;
      });
      expect(first.firstUsedAt!.getTime()).toBe(firstAt.getTime());
      expect(first.lastUsedAt!.getTime()).toBe(firstAt.getTime());

      advance(30 * 1000);
      await whoAmI(stack, app.test);
      advance(29 * 1000);
      await whoAmI(stack, app.test);
      await new Promise((r) => setTimeout(r, 300));
      expect((await credentialRow(stack, app.test.key)).lastUsedAt!.getTime()).toBe(firstAt.getTime());

      advance(2 * 1000);
      const laterAt = current;
      await whoAmI(stack, app.test);
      await eventually(async () => {
        const row = await credentialRow(stack, app.test.key);
        return row.lastUsedAt!.getTime() === laterAt.getTime();
      });
      const row = await credentialRow(stack, app.test.key);
      expect(row.firstUsedAt!.getTime()).toBe(firstAt.getTime());

      const firstUses = await auditRows(stack, { action: 'credential.first_use', targetId: row.id });
      expect(firstUses).toHaveLength(1);
      expect(firstUses[0]).toMatchObject({
        actor_type: 'APP',
        actor_label: app.name,
        target_type: 'credential',
      });
      expect(JSON.stringify(firstUses)).not.toContain(app.test.secret);

      const viewer = await signInAs(stack, 'VIEWER');
      const detail = await viewer.call('GET', `/api/v1/admin/apps/${app.id}`);
      const shown = detail.body.data.credentials.find((c: { key: string }) => c.key === app.test.key);
      expect(shown).toMatchObject({ firstUsedAt: firstAt.toISOString(), lastUsedAt: laterAt.toISOString() });
    });

    it('audits the use of an old secret in its grace window at most once an hour', async () => {
      const app = await registerThroughApi(developer);
      const rotated = await rotate(developer, app.id, { mode: 'TEST', graceHours: 24 });
      const oldId = String(rotated.body.data.previous.id);
      const graceUses = () => auditRows(stack, { action: 'credential.used_in_grace', targetId: oldId });

      for (let i = 0; i < 3; i++) expect((await whoAmI(stack, app.test)).status).toBe(200);
      await eventually(async () => (await graceUses()).length === 1);
      advance(30 * MINUTE);
      await whoAmI(stack, app.test);
      await new Promise((r) => setTimeout(r, 300));
      expect(await graceUses()).toHaveLength(1);

      advance(31 * MINUTE);
      await whoAmI(stack, app.test);
      await eventually(async () => (await graceUses()).length === 2);
      // The new secret is not "in grace".
      await whoAmI(stack, { key: rotated.body.data.credential.key, secret: rotated.body.data.secret });
      await new Promise((r) => setTimeout(r, 300));
      const entries = await graceUses();
      expect(entries).toHaveLength(2);
      expect(entries[0]).toMatchObject({ actor_type: 'APP', target_type: 'credential' });
      expect(entries[0]!.after).toMatchObject({ key: app.test.key, mode: 'TEST' });
      expect(JSON.stringify(entries)).not.toContain(app.test.secret);
    });
  });
});
