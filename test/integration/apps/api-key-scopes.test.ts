import { auditRows, signInAs, type AdminSession } from '../../helpers/apps-admin.js';
import { startStack, type ApiResponse, type Credentials, type Stack } from '../../helpers/stack.js';

/**
 * Least privilege for API keys: an operator issues a named key per app and mode with the scopes
 * it needs; the app API refuses anything else with 403 INSUFFICIENT_SCOPE naming the scope. The
 * app's own pair keeps every scope. Through the admin and app APIs on a real stack.
 */
describe('API keys with scopes', () => {
  let stack: Stack;
  let developer: AdminSession;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let paid: { reference: string };

  beforeAll(async () => {
    stack = await startStack();
    developer = await signInAs(stack, 'DEVELOPER');
    app = await stack.registerApp();
    paid = await stack.paidPayment(app.test, { amountMinor: 10000 });
  });
  afterAll(() => stack?.close());

  const issue = async (
    name: string,
    scopes: string[],
    mode = 'TEST',
  ): Promise<Credentials & { id: number }> => {
    const issued = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode, name, scopes },
    });
    expect(issued.status).toBe(201);
    return {
      key: issued.body.data.credential.key,
      secret: issued.body.data.secret,
      id: issued.body.data.credential.id,
    };
  };
  const createPayment = (creds: Credentials, key: string) =>
    stack.api('POST', '/api/v1/payments', {
      creds,
      headers: { 'Idempotency-Key': key },
      body: { amountMinor: 5000, currency: 'BDT', customerReference: 'cust_1' },
    });
  const refund = (creds: Credentials, key: string) =>
    stack.api('POST', `/api/v1/payments/${paid.reference}/refunds`, {
      creds,
      headers: { 'Idempotency-Key': key },
      body: { amountMinor: 100 },
    });
  const expectRefused = (response: ApiResponse, scope: string) => {
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      data: null,
      meta: { success: false, errorCode: 'INSUFFICIENT_SCOPE' },
    });
    expect(JSON.stringify(response.body)).toContain(`'${scope}'`);
  };

  it('issues a named key with its scopes, shows its secret once, lists it and audits it', async () => {
    const issued = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'TEST', name: 'BI export', scopes: ['reporting'] },
    });
    expect(issued.status).toBe(201);
    expect(issued.body.data.credential).toMatchObject({
      mode: 'TEST',
      name: 'BI export',
      scopes: ['reporting'],
      status: 'ACTIVE',
    });
    expect(issued.body.data.secret).toMatch(/^oi_test_sk_/);

    const listed = await developer.call('GET', `/api/v1/admin/apps/${app.app.id}/keys`);
    expect(listed.status).toBe(200);
    expect(listed.body.data.items).toEqual([
      expect.objectContaining({
        name: 'BI export',
        scopes: ['reporting'],
        key: issued.body.data.credential.key,
      }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.data.secret);
    const detail = await developer.call('GET', `/api/v1/admin/apps/${app.app.id}`);
    // The app's own pairs hold every scope.
    expect(detail.body.data.credentials.filter((c: { scopes: unknown }) => c.scopes === null)).toHaveLength(
      2,
    );

    const audit = await auditRows(stack, {
      action: 'credential.issue_named',
      targetId: issued.body.data.credential.id,
    });
    expect(audit.at(-1)?.after).toMatchObject({ name: 'BI export', scopes: ['reporting'], mode: 'TEST' });
    expect(JSON.stringify(audit)).not.toContain(issued.body.data.secret);

    const duplicate = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'TEST', name: 'bi export', scopes: ['read'] },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.meta.errorCode).toBe('KEY_NAME_TAKEN');
    const noScopes = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'TEST', name: 'empty', scopes: [] },
    });
    expect(noScopes.status).toBe(400);
    const unknown = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/keys`, {
      body: { mode: 'TEST', name: 'root', scopes: ['admin'] },
    });
    expect(unknown.status).toBe(400);
  });

  it('a reporting key reads payments, the ledger and the request log, and cannot create a payment or a refund', async () => {
    const reporting = await issue('reporting only', ['reporting']);
    const read = await stack.api('GET', `/api/v1/payments/${paid.reference}`, { creds: reporting });
    expect(read.status).toBe(200);
    expect(read.body.data.status).toBe('SUCCEEDED');
    expect((await stack.api('GET', '/api/v1/payments', { creds: reporting })).status).toBe(200);
    expect((await stack.api('GET', '/api/v1/ledger/balance', { creds: reporting })).status).toBe(200);
    expect((await stack.api('GET', '/api/v1/request-log', { creds: reporting })).status).toBe(200);

    expectRefused(await createPayment(reporting, 'rep-1'), 'payments');
    expectRefused(await refund(reporting, 'rep-2'), 'refunds');
    expectRefused(
      await stack.api('POST', '/api/v1/webhook-endpoints', {
        creds: reporting,
        body: { url: 'https://example.com/hooks' },
      }),
      'webhooks',
    );
    // Nothing was created by the refused requests.
    const refunds = await stack.api('GET', `/api/v1/payments/${paid.reference}/refunds`, { creds: app.test });
    expect(refunds.body.data.items ?? refunds.body.data).toHaveLength(0);
  });

  it('a read key reads the app objects but not the reporting routes', async () => {
    const reader = await issue('reader', ['read']);
    expect((await stack.api('GET', `/api/v1/payments/${paid.reference}`, { creds: reader })).status).toBe(
      200,
    );
    expectRefused(await stack.api('GET', '/api/v1/request-log', { creds: reader }), 'reporting');
    expectRefused(await stack.api('GET', '/api/v1/ledger/balance', { creds: reader }), 'reporting');
  });

  it('a payments key creates payments and cannot refund', async () => {
    const payments = await issue('checkout', ['payments']);
    const created = await createPayment(payments, 'pay-1');
    expect(created.status).toBe(201);
    expectRefused(await refund(payments, 'pay-2'), 'refunds');
  });

  it("the app's own pair still does everything, and a revoked named key is refused", async () => {
    expect((await createPayment(app.test, 'full-1')).status).toBe(201);
    const refunded = await refund(app.test, 'full-2');
    expect(refunded.status).toBe(201);
    expect((await stack.api('GET', '/api/v1/request-log', { creds: app.test })).status).toBe(200);

    const refunds = await issue('support desk', ['refunds']);
    expect((await refund(refunds, 'ref-1')).status).toBe(201);
    const revoked = await developer.call('POST', `/api/v1/admin/credentials/${refunds.id}/revoke`);
    expect(revoked.status).toBe(200);
    const after = await refund(refunds, 'ref-2');
    expect(after.status).toBe(401);
    expect(after.body.meta.errorCode).toBe('CREDENTIAL_REVOKED');
  });

  it("rotating the app's pair leaves named keys alone", async () => {
    const named = await issue('nightly report', ['reporting']);
    const rotated = await developer.call('POST', `/api/v1/admin/apps/${app.app.id}/credentials/rotate`, {
      body: { mode: 'TEST', graceHours: 1 },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body.data.previous.key).toBe(app.test.key);
    expect((await stack.api('GET', '/api/v1/payments', { creds: named })).status).toBe(200);
  });

  it('the dashboard lists named keys and issues one, showing its secret once', async () => {
    const page = () =>
      stack.api('GET', `/admin/apps/${app.app.id}`, { headers: { cookie: developer.cookie } });
    const before = await page();
    expect(before.status).toBe(200);
    expect(before.body).toContain('data-testid="named-key-form"');
    expect(before.body).toContain('BI export');

    const issued = await stack.api('POST', `/admin/apps/${app.app.id}/keys`, {
      rawBody: new URLSearchParams({
        _csrf: developer.csrfToken,
        name: 'warehouse',
        mode: 'TEST',
        scope_read: 'on',
        scope_refunds: 'on',
      }).toString(),
      headers: { cookie: developer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatch(/data-testid="issued-key-scopes">read, refunds</);
    const secret = /data-testid="issued-secret">([^<]+)</.exec(issued.body)![1]!;
    const key = /data-testid="issued-key">([^<]+)</.exec(issued.body)![1]!;
    expect(secret).toMatch(/^oi_test_sk_/);
    expectRefused(await createPayment({ key, secret }, 'dash-1'), 'payments');

    const after = await page();
    expect(after.body).toContain('warehouse');
    expect(after.body).not.toContain(secret);
  });

  it('the reference names each operation’s scope and the INSUFFICIENT_SCOPE answer', async () => {
    const document = (await stack.api('GET', '/api/v1/openapi.json')).body;
    expect(document.paths['/payments'].post['x-required-scope']).toBe('payments');
    expect(document.paths['/payments/{id}/refunds'].post['x-required-scope']).toBe('refunds');
    expect(document.paths['/payments'].get['x-required-scope']).toBe('read');
    expect(document.paths['/payments'].post.responses['403'].description).toContain('INSUFFICIENT_SCOPE');
    expect(document.components.securitySchemes.ApiKey.description).toContain('INSUFFICIENT_SCOPE');
  });
});
