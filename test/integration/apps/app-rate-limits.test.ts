import { auditRows, registerThroughApi, signInAs, type AdminSession } from '../../helpers/apps-admin.js';
import { startStack, type ApiResponse, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Per-app limits on the authenticated API, counted in PostgreSQL per app and credential mode:
 * one app using up its minute leaves every other app (and its own other mode) served.
 */
describe('rate limits per app', () => {
  const DEFAULT_LIMIT = 50;
  let stack: Stack;
  let developer: AdminSession;
  let appA: Awaited<ReturnType<typeof registerThroughApi>>;
  let appB: Awaited<ReturnType<typeof registerThroughApi>>;

  beforeAll(async () => {
    stack = await startStack({
      worker: false,
      configOverrides: { RATE_LIMIT_APP_PER_MINUTE: String(DEFAULT_LIMIT) },
    });
    developer = await signInAs(stack, 'DEVELOPER');
    // Its LIVE pair waits for a money role: finance approves it, the developer collects it.
    appA = await registerThroughApi(developer, {}, { liveApprovedBy: await signInAs(stack, 'FINANCE') });
    appB = await registerThroughApi(developer);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const me = (creds: Credentials) => stack.api('GET', '/api/v1/app/me', { creds });
  const standing = (response: ApiResponse) => ({
    limit: response.headers.get('ratelimit-limit'),
    remaining: response.headers.get('ratelimit-remaining'),
    reset: Number(response.headers.get('ratelimit-reset')),
  });
  const setLimit = (appId: number, rateLimitPerMinute: unknown) =>
    developer.call('PATCH', `/api/v1/admin/apps/${appId}`, { body: { rateLimitPerMinute } });

  it('an operator sets an app its own limit through the admin API, audited', async () => {
    const changed = await setLimit(appA.id, 3);
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ id: appA.id, rateLimitPerMinute: 3 });
    const detail = await developer.call('GET', `/api/v1/admin/apps/${appA.id}`);
    expect(detail.body.data.app.rateLimitPerMinute).toBe(3);
    const audit = await auditRows(stack, { action: 'app.update', targetId: appA.id });
    expect(audit.at(-1)).toMatchObject({
      before: { rateLimitPerMinute: null },
      after: { rateLimitPerMinute: 3 },
    });
  });

  it('refuses a limit that is not a whole number from 0 to 1,000,000 with VALIDATION_ERROR', async () => {
    for (const bad of [-1, 2.5, 1_000_001, 'many']) {
      const refused = await setLimit(appB.id, bad);
      expect(refused.status).toBe(400);
      expect(refused.body.meta).toMatchObject({ success: false, errorCode: 'VALIDATION_ERROR' });
    }
    const detail = await developer.call('GET', `/api/v1/admin/apps/${appB.id}`);
    expect(detail.body.data.app.rateLimitPerMinute).toBeNull();
  });

  it('counts down, then answers 429 with Retry-After; other apps and the other mode are still served', async () => {
    // Wrong secrets first: a request that is not the app's spends none of its budget.
    for (let i = 0; i < 3; i++) {
      const wrong = await me({ key: appA.test.key, secret: `${appA.test.secret}x` });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('ratelimit-limit')).toBeNull();
    }

    const served = [await me(appA.test), await me(appA.test), await me(appA.test)];
    expect(served.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(served.map((r) => standing(r).limit)).toEqual(['3', '3', '3']);
    expect(served.map((r) => standing(r).remaining)).toEqual(['2', '1', '0']);
    for (const response of served) {
      expect(standing(response).reset).toBeGreaterThanOrEqual(0);
      expect(standing(response).reset).toBeLessThanOrEqual(60);
    }

    const limited = await me(appA.test);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ data: null, meta: { success: false, errorCode: 'RATE_LIMITED' } });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(standing(limited)).toMatchObject({ limit: '3', remaining: '0' });
    // Every authenticated route counts, not just the one that used the budget up.
    expect((await stack.api('GET', '/api/v1/payments', { creds: appA.test })).status).toBe(429);

    const live = await me(appA.live);
    expect(live.status).toBe(200);
    expect(standing(live)).toMatchObject({ limit: '3', remaining: '2' });

    const other = await me(appB.test);
    expect(other.status).toBe(200);
    expect(standing(other)).toMatchObject({
      limit: String(DEFAULT_LIMIT),
      remaining: String(DEFAULT_LIMIT - 1),
    });
  });

  it("an operator's change holds at the next request: back to the default, or no limit at all", async () => {
    expect((await me(appA.test)).status).toBe(429);
    expect((await setLimit(appA.id, null)).status).toBe(200);
    const defaulted = await me(appA.test);
    expect(defaulted.status).toBe(200);
    expect(standing(defaulted).limit).toBe(String(DEFAULT_LIMIT));

    expect((await setLimit(appA.id, 0)).status).toBe(200);
    const unlimited = await me(appA.test);
    expect(unlimited.status).toBe(200);
    expect(unlimited.headers.get('ratelimit-limit')).toBeNull();
  });

  it('the dashboard shows the limit and its settings form changes it', async () => {
    const page = () => stack.api('GET', `/admin/apps/${appB.id}`, { headers: { cookie: developer.cookie } });
    const before = await page();
    expect(before.status).toBe(200);
    expect(before.body).toMatch(
      /data-testid="app-rate-limit-state">\s*50 requests per minute per mode \(the service default\)/,
    );

    const form = (rateLimitPerMinute: string) =>
      stack.api('POST', `/admin/apps/${appB.id}/settings`, {
        rawBody: new URLSearchParams({
          _csrf: developer.csrfToken,
          displayName: 'Shop B',
          receiptsEnabled: 'on',
          rateLimitPerMinute,
        }).toString(),
        headers: { cookie: developer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const refused = await form('lots');
    expect(refused.status).toBe(302);
    expect(decodeURIComponent(refused.headers.get('location')!)).toContain('rateLimitPerMinute');

    expect((await form('7')).status).toBe(302);
    const after = await page();
    expect(after.body).toMatch(
      /data-testid="app-rate-limit-state">\s*7 requests per minute per mode \(set for this app\)/,
    );
    expect(after.body).toMatch(/name="rateLimitPerMinute"[^>]*value="7"/);
    expect(standing(await me(appB.test)).limit).toBe('7');
  });
});
