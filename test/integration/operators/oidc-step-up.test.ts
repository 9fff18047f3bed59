import { generate } from 'otplib';
import {
  startStackWithProvider,
  suitePeople,
  type TestIdentityProvider,
} from '../../helpers/identity-provider.js';
import { enableGateways } from '../../helpers/picker.js';
import { throughProvider, type CookieJar } from '../../helpers/provider-browser.js';
import { eventually, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Step-up through the admin JSON API for a person of the identity provider, over real HTTP with
 * the local oidc-provider: the refused request says where to step up, the provider's fresh sign-in
 * confirms the session for the window, and the same request then goes through. A sign-in at the
 * provider older than the window confirms nothing. A break-glass account still steps up with its
 * password and code. The dashboard's pages offer such a person the provider's link wherever they
 * would offer a password field: LIVE gateway settings, a large receipt, the page to register an app.
 */
describe('step-up through the identity provider, for the admin JSON API', () => {
  let stack: Stack;
  let idp: TestIdentityProvider;
  let app: { test: Credentials };
  let payment: string;
  // The API's clock runs this far ahead of the provider's (the real one).
  let aheadMs = 0;
  const clock = () => new Date(Date.now() + aheadMs);
  const WINDOW_MS = 5 * 60_000;
  const people = suitePeople((email) => `step-up pw of ${email}`);
  const fay = people.find((p) => p.email.startsWith('fay.finance'))!;
  const ada = people.find((p) => p.email.startsWith('ada.admin'))!;
  /** Receipts above this need a step-up. */
  const RECEIPT_STEP_UP_ABOVE = 100_000;

  beforeAll(async () => {
    ({ stack, idp } = await startStackWithProvider(people, {
      clock,
      configOverrides: { MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR: String(RECEIPT_STEP_UP_ABOVE) },
    }));
    app = await stack.registerApp();
    payment = (await stack.paidPayment(app.test, { amountMinor: 50_000 })).reference;
  });
  afterAll(async () => {
    await idp?.close();
    await stack?.close();
  });

  /** The JSON API as the browser's session (its cookie, its CSRF token) calls it. */
  async function jsonClient(jar: CookieJar) {
    const cookie = () => jar.header(new URL(stack.apiUrl));
    const session = await stack.api('GET', '/api/v1/admin/session', { headers: { cookie: cookie() } });
    expect(session.status).toBe(200);
    const csrf = session.body.data.csrfToken as string;
    return (method: string, path: string, body?: unknown) =>
      stack.api(method, path, {
        body,
        headers: { cookie: cookie(), ...(method !== 'GET' && { 'x-csrf-token': csrf }) },
      });
  }

  const refund = (call: Awaited<ReturnType<typeof jsonClient>>, amountMinor: number) =>
    call('POST', `/api/v1/admin/payments/${payment}/refunds`, {
      amountMinor,
      reason: 'Customer returned the order',
    });

  const audited = async (action: string, email: string) =>
    Number(
      (
        await stack.em().execute<Array<{ n: string }>>(
          `select count(*) as n from audit_log a join operators o on a.target_id = o.id::text
            where a.action = ? and o.email = ?`,
          [action, email],
        )
      )[0]!.n,
    );

  let jar: CookieJar;
  let call: Awaited<ReturnType<typeof jsonClient>>;
  let stepUpUrl: URL;

  it('refuses a refund with STEP_UP_REQUIRED and the provider page to step up at; a password is no answer', async () => {
    const signedIn = await throughProvider(
      new URL(`${stack.apiUrl}/admin/oidc/start?next=/admin/payments`),
      fay.email,
      fay.password,
    );
    expect(signedIn.url.pathname).toBe('/admin/payments');
    jar = signedIn.jar;
    call = await jsonClient(jar);
    const session = await call('GET', '/api/v1/admin/session');
    expect(session.body.data).toMatchObject({ stepUpAsks: 'IDENTITY_PROVIDER' });
    // The sign-in itself counted as a step-up; its window is over.
    aheadMs += WINDOW_MS + 60_000;
    const refused = await refund(call, 1_000);
    expect(refused.status).toBe(403);
    expect(refused.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
    expect(refused.body.meta.details).toEqual({
      method: 'IDENTITY_PROVIDER',
      url: `${stack.apiUrl}/admin/oidc/start?step_up=1&next=%2Fadmin`,
      validForSeconds: 300,
    });
    expect(session.body.data.stepUpUrl).toBe(refused.body.meta.details.url);
    stepUpUrl = new URL(refused.body.meta.details.url);

    // There is no password here to give: the step-up endpoint names the provider, and counts no failure.
    const withPassword = await call('POST', '/api/v1/admin/session/step-up', { password: fay.password });
    expect(withPassword.status).toBe(403);
    expect(withPassword.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
    expect(withPassword.body.meta.details.url).toBe(stepUpUrl.toString());
    expect(await audited('operator.step_up_failed', fay.email)).toBe(0);
  });

  it('a sign-in at the provider older than the window confirms nothing', async () => {
    // The provider signs Fay in now; by the API's clock that was more than five minutes ago.
    const stale = await throughProvider(stepUpUrl, fay.email, fay.password, jar);
    expect(stale.url.pathname).toBe('/admin/oidc/callback');
    expect(stale.status).toBe(403);
    expect(stale.body).toContain('did not ask you to sign in again');
    expect(await audited('operator.step_up_refused', fay.email)).toBe(1);
    expect((await refund(call, 1_000)).body.meta.errorCode).toBe('STEP_UP_REQUIRED');
  });

  it('a fresh sign-in at the provider confirms the session, and the same refund goes through', async () => {
    aheadMs = 0;
    const confirmed = await throughProvider(stepUpUrl, fay.email, fay.password, jar);
    expect(confirmed.url.pathname).toBe('/admin');
    expect(confirmed.status).toBe(200);
    // The provider was asked for a fresh sign-in, not its remembered one.
    const asked = confirmed.visited.find((url) => url.origin === idp.issuer && url.pathname === '/auth');
    expect(asked?.searchParams.get('prompt')).toBe('login');
    expect(asked?.searchParams.get('max_age')).toBe('0');
    // The provider's redirect back carried no session cookie (SameSite=Strict, another site): the
    // callback's page came back on this site, with it, to finish.
    expect(confirmed.visited.map((url) => url.pathname)).toEqual(
      expect.arrayContaining(['/admin/oidc/callback', '/admin/oidc/step-up']),
    );
    // The page between the two says what happened: a step-up, not a sign-in.
    const between = confirmed.pages.find((page) => page.url.pathname === '/admin/oidc/callback')!;
    expect(between.body).toContain('data-testid="stepped-up"');
    expect(between.body).toContain('Step-up confirmed');
    expect(between.body).not.toContain('Signed in');
    // Its proof is spent: the same address confirms nothing again.
    const finish = confirmed.visited.find((url) => url.pathname === '/admin/oidc/step-up')!;
    const replay = await fetch(finish, { redirect: 'manual', headers: { cookie: jar.header(finish) } });
    expect(replay.status).toBe(401);

    const done = await refund(call, 1_000);
    expect(done.status).toBe(201);
    expect(done.body.data).toMatchObject({ amountMinor: 1_000 });
    const session = await call('GET', '/api/v1/admin/session');
    const until = Date.parse(session.body.data.stepUpValidUntil as string);
    expect(until).toBeGreaterThan(Date.now() + WINDOW_MS - 60_000);
    expect(until).toBeLessThanOrEqual(Date.now() + WINDOW_MS);

    // Once the window is over, the next refund asks again.
    aheadMs = WINDOW_MS + 1_000;
    expect((await refund(call, 1_000)).body.meta.errorCode).toBe('STEP_UP_REQUIRED');
  });

  it('a break-glass account steps up with its password and code, as before', async () => {
    const local = await stack.createOperator('FINANCE');
    const at = () => Math.floor(clock().getTime() / 1000);
    const admin = await stack.adminLogin(local.email, local.password);
    const offer = await admin.call('POST', '/api/v1/admin/account/second-factor/enrolment');
    const secret = offer.body.data.secret as string;
    expect(
      (
        await admin.call('POST', '/api/v1/admin/account/second-factor/confirm', {
          body: { code: await generate({ secret, epoch: at() }) },
        })
      ).status,
    ).toBe(200);
    aheadMs += 31_000; // the enrolment's code is spent
    const signIn = await stack.api('POST', '/api/v1/admin/session', {
      body: { email: local.email, password: local.password, code: await generate({ secret, epoch: at() }) },
    });
    expect(signIn.status).toBe(201);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = signIn.body.data.csrfToken as string;
    const localCall = (method: string, path: string, body?: unknown) =>
      stack.api(method, path, { body, headers: { cookie, 'x-csrf-token': csrf } });
    aheadMs += WINDOW_MS + 60_000;

    const refused = await refund(localCall, 2_000);
    expect(refused.status).toBe(403);
    expect(refused.body.meta.details).toEqual({
      method: 'CODE',
      url: `${stack.apiUrl}/api/v1/admin/session/step-up`,
      validForSeconds: 300,
    });
    const passwordOnly = await localCall('POST', '/api/v1/admin/session/step-up', {
      password: local.password,
    });
    expect(passwordOnly.body.meta.errorCode).toBe('SECOND_FACTOR_REQUIRED');
    const stepUp = await localCall('POST', '/api/v1/admin/session/step-up', {
      password: local.password,
      code: await generate({ secret, epoch: at() }),
    });
    expect(stepUp.status).toBe(200);
    expect(stepUp.body.data.stepUpAsks).toBe('CODE');
    expect((await refund(localCall, 2_000)).status).toBe(201);
  });

  describe('the dashboard offers a person of the provider its link, never a password field', () => {
    const api = () => new URL(stack.apiUrl);
    let adaJar: CookieJar;
    let shop: Awaited<ReturnType<Stack['registerApp']>>;
    const page = async (path: string) => {
      const response = await fetch(`${stack.apiUrl}${path}`, {
        redirect: 'manual',
        headers: { cookie: adaJar.header(api()) },
      });
      return { status: response.status, body: await response.text() };
    };
    const providerLink = (next: string) =>
      `href="/admin/oidc/start?step_up=1&amp;next=${encodeURIComponent(next)}" data-testid="step-up-oidc"`;
    const gatewaysPath = () => `/admin/apps/${shop.app.id}/gateways`;
    let paymentPath: string;

    beforeAll(async () => {
      aheadMs = 0;
      const signedIn = await throughProvider(
        new URL(`${stack.apiUrl}/admin/oidc/start?next=/admin`),
        ada.email,
        ada.password,
      );
      expect(signedIn.url.pathname).toBe('/admin');
      adaJar = signedIn.jar;
      shop = await stack.registerApp();
      // A payment waiting for money paid outside any gateway, above the receipt step-up amount.
      await enableGateways(stack, shop.app.id, [
        { name: 'manual', credentials: { instructions: 'Pay to Acme Ltd, account 0123456789.' } },
      ]);
      const offline = await stack.createPayment(shop.test, {
        gateway: 'manual',
        currency: 'BDT',
        amountMinor: RECEIPT_STEP_UP_ABOVE + 5_000,
      });
      await stack.openCheckout(offline.reference);
      await eventually(
        async () => {
          const read = await stack.api('GET', `/api/v1/payments/${offline.reference}`, { creds: shop.test });
          return read.body.data.status === 'PENDING' ? true : null;
        },
        20_000,
        `${offline.reference} PENDING`,
      );
      paymentPath = `/admin/payments/${offline.reference}`;
      // The sign-in's own step-up is over.
      await stack.em().execute(
        `update operator_sessions s set step_up_at = now() - interval '6 minutes'
            from operators o where o.id = s.operator_id and o.email = ?`,
        [ada.email],
      );
    });

    it('on the LIVE gateway settings', async () => {
      const gateways = await page(gatewaysPath());
      expect(gateways.status).toBe(200);
      expect(gateways.body).toContain('data-testid="gateway-step-up"');
      expect(gateways.body).not.toContain('_step_up_password');
      expect(gateways.body).toContain(providerLink(gatewaysPath()));
    });

    it('on the form that records a large receipt', async () => {
      const payment = await page(paymentPath);
      expect(payment.status).toBe(200);
      expect(payment.body).toContain('data-testid="record-receipt"');
      expect(payment.body).not.toContain('_step_up_password');
      expect(payment.body).toContain('data-testid="receipt-step-up"');
      expect(payment.body).toContain(providerLink(paymentPath));
    });

    it('on the refund form: a mistyped amount is said at once, and what was typed comes back from the provider', async () => {
      // An app of its own: the shop takes manual payments alone.
      const store = await stack.registerApp();
      const paid = await stack.paidPayment(store.test);
      const refundPath = `/admin/payments/${paid.reference}`;
      const before = await page(refundPath);
      expect(before.body).toContain('a fresh sign-in with your identity provider');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(before.body)![1]!;
      const formToken = /name="formToken" value="([^"]+)"/.exec(before.body)![1]!;
      const post = async (amount: string) => {
        const response = await fetch(`${stack.apiUrl}${refundPath}/refunds`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            cookie: adaJar.header(api()),
            origin: stack.apiUrl,
            referer: `${stack.apiUrl}${refundPath}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ _csrf: csrf, formToken, amount, reason: 'Parcel lost' }).toString(),
        });
        return { status: response.status, body: await response.text() };
      };

      // Three decimals of BDT: refused with the form, before any step-up is asked for.
      const mistyped = await post('20.005');
      expect(mistyped.status).toBe(422);
      expect(mistyped.body).toContain('data-testid="refund-form-error"');
      expect(mistyped.body).not.toContain('data-testid="step-up"');

      // A good refund needs the step-up: the provider's link carries the form back.
      const asked = await post('10');
      expect(asked.status).toBe(403);
      const href = /href="([^"]+)" data-testid="step-up-oidc"/.exec(asked.body)![1]!.replaceAll('&amp;', '&');
      const next = new URL(href, api()).searchParams.get('next')!;
      expect(next).toMatch(new RegExp(`^${refundPath}\\?resume=`));
      const back = await throughProvider(new URL(href, api()), ada.email, ada.password, adaJar);
      expect(back.url.pathname).toBe(refundPath);
      expect(back.body).toContain('data-testid="refund-form-resumed"');
      expect(back.body).toMatch(/name="amount"[^>]*value="10"|value="10"[^>]*name="amount"/);
      expect(back.body).toContain('value="Parcel lost"');
      // Nothing was refunded on the way.
      const read = await stack.api('GET', `/api/v1/payments/${paid.reference}`, { creds: store.test });
      expect(read.body.data.refundedMinor ?? 0).toBe(0);
      expect(read.body.data.status).toBe('SUCCEEDED');
      // The provider's sign-in is this session's step-up again: the next test starts without one.
      await stack.em().execute(
        `update operator_sessions s set step_up_at = now() - interval '6 minutes'
            from operators o where o.id = s.operator_id and o.email = ?`,
        [ada.email],
      );
    });

    it('on the page to register an app, which asks for the step-up rather than a dead end', async () => {
      const registerPage = await page('/admin/apps/new');
      expect(registerPage.status).toBe(403);
      expect(registerPage.body).toContain('data-testid="step-up"');
      expect(registerPage.body).not.toContain('_step_up_password');
      expect(registerPage.body).toContain(providerLink('/admin/apps/new'));
      expect(registerPage.body).not.toContain('data-testid="register-form"');

      // Its link: a fresh sign-in at the provider, then back on that page, now with its form.
      const back = await throughProvider(
        new URL(`/admin/oidc/start?step_up=1&next=${encodeURIComponent('/admin/apps/new')}`, api()),
        ada.email,
        ada.password,
        adaJar,
      );
      expect(back.url.pathname).toBe('/admin/apps/new');
      expect(back.status).toBe(200);
      expect(back.body).toContain('data-testid="register-form"');
      // The same step-up opens the LIVE gateway forms and the receipt form without asking again.
      expect((await page(gatewaysPath())).body).toContain('data-testid="gateway-form-LIVE-sslcommerz"');
      expect((await page(paymentPath)).body).not.toContain('data-testid="receipt-step-up"');
    });
  });
});
