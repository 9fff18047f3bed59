import { startStack, type Stack } from '../../helpers/stack.js';

/** Operator sign-in: sessions in HTTP-only cookies, CSRF on every change, throttling, step-up, expiry. */
describe('admin sessions', () => {
  let stack: Stack;
  let current = new Date();
  const advance = (ms: number) => {
    current = new Date(current.getTime() + ms);
  };

  beforeAll(async () => {
    stack = await startStack({ worker: false, clock: () => current });
  });
  afterAll(() => stack.close());

  it('signs in with an HTTP-only SameSite cookie and never returns the password hash', async () => {
    const op = await stack.createOperator('VIEWER');
    const response = await stack.api('POST', '/api/v1/admin/session', {
      body: { email: op.email, password: op.password },
    });
    expect(response.status).toBe(201);
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^oi_admin_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=strict/i);
    expect(response.body.data.operator).toEqual({
      id: op.id,
      email: op.email,
      role: 'VIEWER',
      secondFactor: null,
    });
    expect(JSON.stringify(response.body)).not.toMatch(/argon2|passwordHash|pw-/);
  });

  it('a wrong password and an unknown email get the same INVALID_LOGIN', async () => {
    const op = await stack.createOperator('VIEWER');
    const wrong = await stack.api('POST', '/api/v1/admin/session', {
      body: { email: op.email, password: 'nope' },
    });
    const unknown = await stack.api('POST', '/api/v1/admin/session', {
      body: { email: 'ghost@ops.example', password: 'nope' },
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body.meta.errorCode).toBe('INVALID_LOGIN');
    expect(unknown.body.meta).toMatchObject({ errorCode: 'INVALID_LOGIN', message: wrong.body.meta.message });
  });

  it('after repeated failures a client waits a growing delay, even with the right password', async () => {
    const op = await stack.createOperator('VIEWER');
    for (let i = 0; i < 5; i++) {
      await stack.api('POST', '/api/v1/admin/session', { body: { email: op.email, password: 'wrong' } });
    }
    const blocked = await stack.api('POST', '/api/v1/admin/session', {
      body: { email: op.email, password: op.password },
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.meta.errorCode).toBe('LOGIN_THROTTLED');
    expect(blocked.headers.get('retry-after')).toBe('1');
    advance(1000);
    const later = await stack.api('POST', '/api/v1/admin/session', {
      body: { email: op.email, password: op.password },
    });
    expect(later.status).toBe(201);
  });

  it('refuses a state change without the CSRF token, or from another origin', async () => {
    const op = await stack.createOperator('ADMIN');
    const admin = await stack.adminLogin(op.email, op.password);
    const noToken = await admin.call('POST', '/api/v1/admin/session/step-up', {
      body: { password: op.password },
      csrf: false,
    });
    expect(noToken.status).toBe(403);
    expect(noToken.body.meta.errorCode).toBe('CSRF_TOKEN_INVALID');
    const forged = await admin.call('POST', '/api/v1/admin/session/step-up', {
      body: { password: op.password },
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(forged.body.meta.errorCode).toBe('CSRF_TOKEN_INVALID');
    const crossSite = await admin.call('POST', '/api/v1/admin/session/step-up', {
      body: { password: op.password },
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.body.meta.errorCode).toBe('CSRF_TOKEN_INVALID');
    expect((await admin.stepUp()).status).toBe(200);
  });

  it('expires a session after idle time and at its absolute end, and after logout', async () => {
    const op = await stack.createOperator('VIEWER');
    const idle = await stack.adminLogin(op.email, op.password);
    expect((await idle.call('GET', '/api/v1/admin/session')).status).toBe(200);
    advance(31 * 60 * 1000);
    const expired = await idle.call('GET', '/api/v1/admin/session');
    expect(expired.status).toBe(401);
    expect(expired.body.meta.errorCode).toBe('SESSION_REQUIRED');

    const busy = await stack.adminLogin(op.email, op.password);
    // Active every 25 minutes for 11 h 40 min: the idle timeout never fires...
    for (let step = 0; step < 28; step++) {
      advance(25 * 60 * 1000);
      expect((await busy.call('GET', '/api/v1/admin/session')).status).toBe(200);
    }
    // ...but the absolute 12-hour end does.
    advance(25 * 60 * 1000);
    expect((await busy.call('GET', '/api/v1/admin/session')).status).toBe(401);

    const leaving = await stack.adminLogin(op.email, op.password);
    expect((await leaving.call('DELETE', '/api/v1/admin/session')).status).toBe(200);
    expect((await leaving.call('GET', '/api/v1/admin/session')).status).toBe(401);
  });

  it('records sign-ins, failures and sign-outs in the audit log without secrets', async () => {
    const op = await stack.createOperator('VIEWER');
    await stack.api('POST', '/api/v1/admin/session', {
      body: { email: op.email, password: 'wrong-password' },
    });
    const admin = await stack.adminLogin(op.email, op.password);
    await admin.call('DELETE', '/api/v1/admin/session');
    const rows = await stack
      .em()
      .execute<Array<{ action: string; actor_label: string; before: unknown; after: unknown }>>(
        'select action, actor_label, before, after from audit_log where actor_label = ? order by id',
        [op.email],
      );
    expect(rows.map((r) => r.action)).toEqual(['operator.login_failed', 'operator.login', 'operator.logout']);
    expect(JSON.stringify(rows)).not.toMatch(/wrong-password|pw-|argon2/);
  });

  it('shows a flash message only when the server signed it: a crafted link shows nothing', async () => {
    const op = await stack.createOperator('ADMIN');
    const session = await stack.adminLogin(op.email, op.password);
    const crafted = await session.call('GET', '/admin/apps?ok=Payouts%20now%20go%20to%20account%20666');
    expect(crafted.status).toBe(200);
    expect(String(crafted.body)).not.toContain('account 666');
    const forged = await session.call('GET', '/admin/apps?error=Call%20support&sig=AAAAAAAAAAAAAAAAAAAAAA');
    expect(String(forged.body)).not.toContain('Call support');
  });

  it('the sign-in form validates like the JSON API: an oversized password is refused before hashing', async () => {
    const page = await stack.api('POST', '/admin/login', {
      rawBody: `email=someone%40ops.example&password=${'p'.repeat(2_000)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.apiUrl },
    });
    expect(page.status).toBe(400);
    expect(String(page.body)).toContain('at most 1,024 characters');
    const json = await stack.api('POST', '/api/v1/admin/session', {
      body: { email: 'someone@ops.example', password: 'p'.repeat(2_000) },
    });
    expect(json.status).toBe(400);
    expect(json.body.meta.errorCode).toBe('VALIDATION_ERROR');
  });

  it('throttles a client atomically: ten wrong passwords at once get at most five tries', async () => {
    const op = await stack.createOperator('VIEWER');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        stack.api('POST', '/api/v1/admin/session', { body: { email: op.email, password: 'wrong-password' } }),
      ),
    );
    const codes = answers.map((a) => a.body.meta.errorCode);
    expect(codes.filter((c) => c === 'INVALID_LOGIN')).toHaveLength(5);
    expect(codes.filter((c) => c === 'LOGIN_THROTTLED')).toHaveLength(5);
  });

  it('ends the session after repeated wrong step-up passwords', async () => {
    const op = await stack.createOperator('ADMIN');
    const session = await stack.adminLogin(op.email, op.password);
    const wrong = () =>
      session.call('POST', '/api/v1/admin/session/step-up', { body: { password: 'not-it' } });
    for (let i = 0; i < 4; i++) expect((await wrong()).body.meta.errorCode).toBe('INVALID_LOGIN');
    const fifth = await wrong();
    expect(fifth.status).toBe(401);
    expect((await session.call('GET', '/api/v1/admin/session')).status).toBe(401);
    const [ended] = await stack
      .em()
      .execute<Array<{ n: string }>>(
        "select count(*) as n from audit_log where action = 'operator.session_ended' and target_id = ?",
        [String(op.id)],
      );
    expect(Number(ended!.n)).toBe(1);
  });
});
