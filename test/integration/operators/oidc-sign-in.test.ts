import {
  startStackWithProvider,
  suitePeople,
  type TestIdentityProvider,
} from '../../helpers/identity-provider.js';
import { CookieJar, throughProvider } from '../../helpers/provider-browser.js';
import type { Stack } from '../../helpers/stack.js';

/**
 * Operators sign in through the identity provider (the local oidc-provider, in its own process):
 * authorization code with PKCE, over real HTTP, the role from the person's groups at every sign-in,
 * the provider's second factor accepted, and a refused round trip leaves no session. Only the
 * browser that started a sign-in may finish it.
 */
describe('sign-in through the identity provider', () => {
  let stack: Stack;
  let idp: TestIdentityProvider;
  const suitePersons = suitePeople((email) => `pw of ${email}`);
  const suffix = suitePersons[0]!.email.split('@')[0]!.split('.').pop();
  const extra = (name: string, groups: string[], emailVerified = true) => {
    const email = `${name}.${suffix}@oi-payments.local`;
    return { email, password: `pw of ${email}`, name, groups, mfa: true, emailVerified };
  };
  const people = [
    ...suitePersons,
    // The provider has not verified this person's email.
    extra('una.unverified', ['payments-admins'], false),
    // A local account of this email exists before the person first signs in through the provider.
    extra('lou.local', ['payments-support']),
  ];
  const person = (prefix: string) => people.find((p) => p.email.startsWith(prefix))!;

  beforeAll(async () => {
    ({ stack, idp } = await startStackWithProvider(people, { worker: false }));
  });
  afterAll(async () => {
    await idp?.close();
    await stack?.close();
  });

  const signInThroughProvider = (email: string, password: string) =>
    throughProvider(new URL(`${stack.apiUrl}/admin/oidc/start?next=/admin/payments`), email, password);

  const sessionOf = async (jar: CookieJar) => {
    const api = new URL(stack.apiUrl);
    return stack.api('GET', '/api/v1/admin/session', { headers: { cookie: jar.header(api) } });
  };

  it('an ADMIN of the provider lands on the dashboard as ADMIN, with the provider’s second factor', async () => {
    const ada = person('ada.admin');
    const landed = await signInThroughProvider(ada.email, ada.password);
    expect(landed.url.pathname).toBe('/admin/payments');
    expect(landed.status).toBe(200);
    const session = await sessionOf(landed.jar);
    expect(session.status).toBe(200);
    expect(session.body.data.operator).toMatchObject({ email: ada.email, role: 'ADMIN' });
    // The provider asserted a second factor: no TOTP enrolment is owed here.
    expect(session.body.data.mustEnrolSecondFactor).toBe(false);
    const [row] = await stack.em().execute<Array<{ oidc_subject: string; second_factor_source: string }>>(
      `select o.oidc_subject, s.second_factor_source from operators o
           join operator_sessions s on s.operator_id = o.id where o.email = ? order by s.created_at desc limit 1`,
      [ada.email],
    );
    expect(row).toEqual({ oidc_subject: ada.email, second_factor_source: 'IDP' });
  });

  it('an ADMIN’s or FINANCE’s session through the provider lasts at most an hour, so the groups are read again', async () => {
    const ada = person('ada.admin');
    const landed = await signInThroughProvider(ada.email, ada.password);
    expect((await sessionOf(landed.jar)).status).toBe(200);
    // Fifty-nine minutes in (and in use: never idle), the session holds; at sixty it has ended.
    const age = (minutes: number) =>
      stack.em().execute(
        `update operator_sessions set created_at = now() - make_interval(mins => ?), last_seen_at = now()
          where operator_id = (select id from operators where email = ?) and revoked_at is null`,
        [minutes, ada.email],
      );
    await age(59);
    expect((await sessionOf(landed.jar)).status).toBe(200);
    await age(60);
    const ended = await sessionOf(landed.jar);
    expect({ status: ended.status, code: ended.body.meta.errorCode }).toEqual({
      status: 401,
      code: 'SESSION_REQUIRED',
    });
  });

  it('roles follow the provider’s groups at each sign-in', async () => {
    const fay = person('fay.finance');
    const first = await signInThroughProvider(fay.email, fay.password);
    expect((await sessionOf(first.jar)).body.data.operator.role).toBe('FINANCE');
    // Someone changed the operator's role here: the provider's groups win at the next sign-in.
    await stack.em().execute("update operators set role = 'VIEWER' where email = ?", [fay.email]);
    const again = await signInThroughProvider(fay.email, fay.password);
    expect((await sessionOf(again.jar)).body.data.operator.role).toBe('FINANCE');
  });

  it('an email the provider has not verified signs no one in', async () => {
    const una = person('una.unverified');
    const refused = await signInThroughProvider(una.email, una.password);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('has not verified your email');
    expect((await sessionOf(refused.jar)).status).toBe(401);
    const rows = await stack.em().execute('select id from operators where email = ?', [una.email]);
    expect(rows).toEqual([]);
  });

  it('never takes over a local account of the same email, nor rewrites its role', async () => {
    const lou = person('lou.local');
    const local = await stack.createOperator('FINANCE', lou.email);
    const refused = await signInThroughProvider(lou.email, lou.password);
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('does not take it over');
    expect((await sessionOf(refused.jar)).status).toBe(401);
    const [row] = await stack
      .em()
      .execute<Array<{ role: string; oidc_subject: string | null }>>(
        'select role, oidc_subject from operators where id = ?',
        [local.id],
      );
    expect(row).toEqual({ role: 'FINANCE', oidc_subject: null });
  });

  it('links a local account to its provider person only when a second, independent ADMIN approves, and never a break-glass ADMIN', async () => {
    const lou = person('lou.local');
    const [existing] = await stack
      .em()
      .execute<Array<{ id: string }>>('select id from operators where email = ?', [lou.email]);
    const localId = existing ? Number(existing.id) : (await stack.createOperator('FINANCE', lou.email)).id;
    const admin = async () => {
      const operator = await stack.createOperator('ADMIN');
      return { operator, session: await stack.adminLogin(operator.email, operator.password) };
    };
    const proposer = await admin();
    const approver = await admin();
    const proposed = await proposer.session.call('POST', `/api/v1/admin/operators/${localId}/identity-link`, {
      body: { subject: lou.email, issuer: idp.issuer },
    });
    expect({ status: proposed.status, kind: proposed.body.data?.kind }).toEqual({
      status: 202,
      kind: 'LINK_IDENTITY',
    });
    // Waiting: the provider's person still does not take the account over.
    expect((await signInThroughProvider(lou.email, lou.password)).status).toBe(409);
    const approve = (session: typeof proposer.session) =>
      session.call('POST', `/api/v1/admin/people-changes/${proposed.body.data.id}/approve`, { body: {} });
    expect((await approve(proposer.session)).body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    expect((await approve(approver.session)).status).toBe(200);

    const landed = await signInThroughProvider(lou.email, lou.password);
    const session = await sessionOf(landed.jar);
    expect(session.body.data.operator).toMatchObject({ id: localId, email: lou.email });

    // A break-glass ADMIN (the command line's bootstrap) signs in when the provider cannot: never linked.
    const breakGlass = await stack.createOperator('ADMIN');
    await stack.em().execute('update operators set break_glass = true where id = ?', [breakGlass.id]);
    const refused = await proposer.session.call(
      'POST',
      `/api/v1/admin/operators/${breakGlass.id}/identity-link`,
      {
        body: { subject: 'someone-else', issuer: idp.issuer },
      },
    );
    expect({ status: refused.status, code: refused.body.meta.errorCode }).toEqual({
      status: 409,
      code: 'BREAK_GLASS_NOT_LINKABLE',
    });
  });

  it('a wrong password at the provider, or a forged callback, signs no one in', async () => {
    const ben = person('ben.admin');
    const wrong = await signInThroughProvider(ben.email, 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Wrong email or password');
    expect((await sessionOf(wrong.jar)).status).toBe(401);

    const forged = await fetch(`${stack.apiUrl}/admin/oidc/callback?code=made-up&state=made-up`, {
      redirect: 'manual',
    });
    expect(forged.status).toBe(401);
    expect(forged.headers.getSetCookie().join(';')).not.toMatch(/oi_admin_session=[^;]/);
  });

  it('ties each sign-in to the browser that started it: a short-lived HttpOnly SameSite=Lax cookie', async () => {
    const api = new URL(stack.apiUrl);
    const started = await fetch(`${stack.apiUrl}/admin/oidc/start?next=/admin/payments`, {
      redirect: 'manual',
    });
    expect(started.status).toBe(302);
    const [cookie] = started.headers.getSetCookie().filter((c) => c.startsWith('oi_oidc_browser='));
    expect(cookie).toMatch(/^oi_oidc_browser=[A-Za-z0-9_-]{43};/);
    const attributes = cookie!.toLowerCase();
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    // Served over plain http here: Secure only when the public address is https.
    expect(attributes).not.toContain('secure');
    // It lasts no longer than a sign-in may take: ten minutes.
    const expires = Date.parse(/expires=([^;]+)/i.exec(cookie!)?.[1] ?? '');
    expect(expires).toBeGreaterThan(Date.now());
    expect(expires).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1_000);

    // A whole sign-in: the cookie went to the provider and came back with the browser, then was let go.
    const ada = person('ada.admin');
    const landed = await signInThroughProvider(ada.email, ada.password);
    expect(landed.url.pathname).toBe('/admin/payments');
    expect(landed.jar.cookie(api, 'oi_oidc_browser')).toBeUndefined();
  });

  it('a way back from the provider opened in another browser signs nobody in there (login CSRF)', async () => {
    const api = new URL(stack.apiUrl);
    const refusals = async () =>
      Number(
        (
          await stack.em().execute<Array<{ n: string }>>(
            `select count(*) as n from audit_log
              where action = 'operator.login_failed' and after->>'reason' = 'the sign-in was started in another browser'`,
          )
        )[0]!.n,
      );
    const before = await refusals();
    // Someone starts a sign-in, signs in at the provider as themselves, and keeps the way back.
    const dev = person('dev.developer');
    const wayBack = async () => {
      const lure = await throughProvider(
        new URL(`${stack.apiUrl}/admin/oidc/start?next=/admin/payments`),
        dev.email,
        dev.password,
        new CookieJar(),
        { stopBefore: (url) => url.pathname === '/admin/oidc/callback' },
      );
      expect(lure.url.pathname).toBe('/admin/oidc/callback');
      return lure;
    };
    const lure = await wayBack();
    expect(lure.url.searchParams.get('code')).toBeTruthy();

    // Another person opens it: a browser that holds a sign-in of its own, just not this one.
    const victim = new CookieJar();
    victim.take(api, await fetch(`${stack.apiUrl}/admin/oidc/start`, { redirect: 'manual' }));
    const opened = await throughProvider(lure.url, '', '', victim);
    expect(opened.url.pathname).toBe('/admin/oidc/callback');
    expect(opened.status).toBe(401);
    expect(opened.body).toContain('started in another browser');
    expect(opened.body).toContain('data-testid="sign-in-oidc"');
    expect(victim.cookie(api, 'oi_admin_session')).toBeUndefined();
    expect((await sessionOf(victim)).status).toBe(401);
    // The victim's own sign-in is still theirs to finish.
    expect(victim.cookie(api, 'oi_oidc_browser')).toBeDefined();

    // A browser with no such cookie at all is refused the same way.
    const bare = await throughProvider((await wayBack()).url, '', '', new CookieJar());
    expect(bare.status).toBe(401);
    expect(bare.body).toContain('started in another browser');
    expect(await refusals()).toBe(before + 2);
    const [sessions] = await stack
      .em()
      .execute<Array<{ n: string }>>(
        `select count(*) as n from operator_sessions s join operators o on o.id = s.operator_id where o.email = ?`,
        [dev.email],
      );
    expect(Number(sessions!.n)).toBe(0);
  });
});
