import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../api/app.js';
import { createOrm } from '../../../platform/orm/orm.js';
import { registerApp } from '../../../db/apps/apps.js';
import { TEST_PEPPER, startStack, type Credentials, type Stack } from '../../helpers/stack.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/** The envelope, authentication, idempotency and validation rules every endpoint follows. */
describe('API conventions', () => {
  let stack: Stack;
  let creds: Credentials;
  let registered: Awaited<ReturnType<Stack['registerApp']>>;

  beforeAll(async () => {
    stack = await startStack();
    registered = await stack.registerApp('storefront');
    creds = registered.test;
  });
  afterAll(() => stack.close());

  const expectError = (
    response: { status: number; body: any; headers: Headers },
    status: number,
    errorCode: string,
  ) => {
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({
      data: null,
      meta: {
        success: false,
        errorCode,
        message: expect.any(String),
        requestId: expect.any(String),
        timestamp: expect.any(String),
      },
    });
    expect(response.headers.get('x-request-id')).toBe(response.body.meta.requestId);
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.ts:\d+/);
  };

  describe('authentication', () => {
    it('GET /app/me resolves the app and the mode from the credential', async () => {
      const test = await stack.api('GET', '/api/v1/app/me', { creds });
      expect(test.status).toBe(200);
      expect(test.body.data).toEqual({ id: registered.app.id, name: 'storefront', mode: 'TEST' });
      expect(test.body.meta).toMatchObject({ success: true, requestId: expect.any(String) });
      const live = await stack.api('GET', '/api/v1/app/me', { creds: registered.live });
      expect(live.body.data.mode).toBe('LIVE');
    });

    it('missing headers are AUTHENTICATION_REQUIRED', async () => {
      expectError(await stack.api('GET', '/api/v1/app/me'), 401, 'AUTHENTICATION_REQUIRED');
      expectError(
        await stack.api('GET', '/api/v1/app/me', { headers: { 'x-api-key': creds.key } }),
        401,
        'AUTHENTICATION_REQUIRED',
      );
    });

    it('an unknown key and a wrong secret get the same INVALID_CREDENTIALS answer', async () => {
      const unknown = await stack.api('GET', '/api/v1/app/me', {
        creds: { key: 'oi_test_nope', secret: creds.secret },
      });
      const wrong = await stack.api('GET', '/api/v1/app/me', {
        creds: { key: creds.key, secret: `${creds.secret}x` },
      });
      expectError(unknown, 401, 'INVALID_CREDENTIALS');
      expectError(wrong, 401, 'INVALID_CREDENTIALS');
      expect(unknown.body.meta.message).toBe(wrong.body.meta.message);
    });
  });

  describe('envelope', () => {
    it('unknown routes are 404 NOT_FOUND and wrong methods 405, in the envelope', async () => {
      expectError(await stack.api('GET', '/api/v1/nothing-here', { creds }), 404, 'NOT_FOUND');
      expectError(await stack.api('GET', '/nothing-here'), 404, 'NOT_FOUND');
      expectError(await stack.api('DELETE', '/api/v1/payments', { creds }), 405, 'METHOD_NOT_ALLOWED');
    });

    it('malformed JSON is 400 INVALID_JSON, another content type 415, a body over 1 MiB 413', async () => {
      expectError(
        await stack.api('POST', '/api/v1/payments', {
          creds,
          rawBody: '{"amountMinor": 1',
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'INVALID_JSON',
      );
      expectError(
        await stack.api('POST', '/api/v1/payments', {
          creds,
          rawBody: 'amountMinor=1',
          headers: { 'content-type': 'text/plain' },
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
      const huge = JSON.stringify({
        amountMinor: 1000,
        customerReference: 'x',
        productName: 'a'.repeat(1024 * 1024 + 10),
      });
      expectError(
        await stack.api('POST', '/api/v1/payments', {
          creds,
          rawBody: huge,
          headers: { 'content-type': 'application/json' },
        }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    });

    it('an internal failure (the database is gone) is 500 INTERNAL_ERROR with no stack trace', async () => {
      const brokenOrm = await createOrm({ databaseUrl: requireEnv(testEnv.databaseUrl) });
      await brokenOrm.close(true);
      const app = createApp({ ...stack.deps, orm: brokenOrm });
      const server = createServer(app.callback()).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      try {
        const { port } = server.address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/app/me`, {
          headers: { 'x-api-key': creds.key, 'x-api-secret': creds.secret },
        });
        const body = await response.json();
        expectError({ status: response.status, body, headers: response.headers }, 500, 'INTERNAL_ERROR');
        expect(JSON.stringify(body)).not.toMatch(/Error:|node_modules|pool/i);
      } finally {
        server.close();
      }
    });

    it('exposes Prometheus metrics, including payments by status', async () => {
      await stack.createPayment(creds);
      const metrics = await stack.api('GET', '/metrics');
      expect(metrics.status).toBe(200);
      expect(String(metrics.body)).toMatch(/http_request_duration_seconds_bucket/);
      expect(String(metrics.body)).toMatch(/payments\{mode="TEST",status="CREATED"\} \d+/);
      // The attention queue's gauge is there to alert on, even while it is empty.
      expect(String(metrics.body)).toContain('# TYPE attention_open gauge');
    });

    it('echoes a sane caller request id', async () => {
      const response = await stack.api('GET', '/api/v1/app/me', {
        creds,
        headers: { 'x-request-id': 'trace-123' },
      });
      expect(response.body.meta.requestId).toBe('trace-123');
    });

    it('serves the OpenAPI document generated from the schemas, and a docs page', async () => {
      const doc = await stack.api('GET', '/api/v1/openapi.json');
      expect(doc.status).toBe(200);
      expect(doc.body.openapi).toBe('3.1.0');
      expect(doc.body.components.schemas.CreatePayment.required).toEqual(
        expect.arrayContaining(['amountMinor', 'customerReference']),
      );
      expect(doc.body.paths['/payments'].post).toBeDefined();
      const docs = await stack.api('GET', '/docs');
      expect([docs.status, docs.headers.get('location')]).toEqual([302, '/docs/introduction']);
      const guide = await stack.api('GET', '/docs/accept-a-payment');
      expect(guide.status).toBe(200);
      expect(String(guide.body)).toContain('/api/v1/payments');
      const reference = await stack.api('GET', '/docs/api');
      expect(String(reference.body)).toContain('/docs/assets/swagger-ui-bundle.js');
      const bundle = await stack.api('GET', '/docs/assets/swagger-ui-bundle.js');
      expect([bundle.status, bundle.headers.get('content-type')]).toEqual([
        200,
        'text/javascript; charset=utf-8',
      ]);
      const unknown = await stack.api('GET', '/docs/no-such-guide');
      expect([unknown.status, unknown.body.meta?.errorCode]).toEqual([404, 'NOT_FOUND']);
    });
  });

  describe('POST /payments validation', () => {
    const valid = { amountMinor: 10000, customerReference: 'cust_1' };
    const cases: Array<[string, Record<string, unknown>, string, string, number?]> = [
      ['missing amountMinor', { customerReference: 'c' }, 'amountMinor', 'VALIDATION_ERROR'],
      ['zero amount', { ...valid, amountMinor: 0 }, 'amountMinor', 'VALIDATION_ERROR'],
      ['negative amount', { ...valid, amountMinor: -5 }, 'amountMinor', 'VALIDATION_ERROR'],
      ['fractional amount', { ...valid, amountMinor: 100.5 }, 'amountMinor', 'VALIDATION_ERROR'],
      ['amount as a string', { ...valid, amountMinor: '10000' }, 'amountMinor', 'VALIDATION_ERROR'],
      ['unsafe integer', { ...valid, amountMinor: 2 ** 53 }, 'amountMinor', 'VALIDATION_ERROR'],
      ['missing customerReference', { amountMinor: 10000 }, 'customerReference', 'VALIDATION_ERROR'],
      [
        'blank customerReference',
        { ...valid, customerReference: '  ' },
        'customerReference',
        'VALIDATION_ERROR',
      ],
      ['unknown currency', { ...valid, currency: 'XYZ' }, 'currency', 'VALIDATION_ERROR'],
      ['lower-case currency', { ...valid, currency: 'bdt' }, 'currency', 'VALIDATION_ERROR'],
      ['bad email', { ...valid, customerEmail: 'not-an-email' }, 'customerEmail', 'VALIDATION_ERROR'],
      ['bad phone', { ...valid, customerPhone: 'call me' }, 'customerPhone', 'VALIDATION_ERROR'],
      ['long name', { ...valid, customerName: 'n'.repeat(101) }, 'customerName', 'VALIDATION_ERROR'],
      ['empty productName', { ...valid, productName: '' }, 'productName', 'VALIDATION_ERROR'],
      ['nested metadata', { ...valid, metadata: { a: { b: 1 } } }, 'metadata.a', 'VALIDATION_ERROR'],
      [
        'too much metadata',
        { ...valid, metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) },
        'metadata',
        'VALIDATION_ERROR',
      ],
      ['bad returnUrl', { ...valid, returnUrl: 'javascript:alert(1)' }, 'returnUrl', 'VALIDATION_ERROR'],
      ['bad cancelUrl', { ...valid, cancelUrl: 'not a url' }, 'cancelUrl', 'VALIDATION_ERROR'],
      ['expiry too short', { ...valid, expiresInMinutes: 1 }, 'expiresInMinutes', 'VALIDATION_ERROR'],
      ['expiry too long', { ...valid, expiresInMinutes: 100000 }, 'expiresInMinutes', 'VALIDATION_ERROR'],
      ['unknown field', { ...valid, mode: 'LIVE' }, 'mode', 'VALIDATION_ERROR'],
      ['unknown gateway', { ...valid, gateway: 'paypal' }, 'gateway', 'GATEWAY_NOT_FOUND', 404],
      [
        'below the gateway minimum',
        { ...valid, amountMinor: 500 },
        'amountMinor',
        'AMOUNT_OUT_OF_RANGE',
        422,
      ],
      [
        'currency the gateway does not take',
        { ...valid, currency: 'JPY' },
        'currency',
        'AMOUNT_OUT_OF_RANGE',
        422,
      ],
    ];

    it.each(cases)('%s', async (_name, body, field, errorCode, status = 400) => {
      const response = await stack.api('POST', '/api/v1/payments', { creds, body });
      expectError(response, status, errorCode);
      expect(response.body.meta.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    });

    it('LIVE has no gateway until live store credentials are configured', async () => {
      const response = await stack.api('POST', '/api/v1/payments', { creds: registered.live, body: valid });
      expectError(response, 404, 'GATEWAY_NOT_FOUND');
    });
  });

  describe('Idempotency-Key', () => {
    const body = { amountMinor: 25000, customerReference: 'cust_idem' };

    it('replays the first response for the same key and body', async () => {
      const first = await stack.api('POST', '/api/v1/payments', {
        creds,
        body,
        headers: { 'Idempotency-Key': 'k-replay' },
      });
      const again = await stack.api('POST', '/api/v1/payments', {
        creds,
        body,
        headers: { 'X-Idempotency-Key': 'k-replay' },
      });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.data.reference).toBe(first.body.data.reference);
      const list = await stack.api('GET', '/api/v1/payments?customerReference=cust_idem', { creds });
      expect(list.body.pagination.totalItems).toBe(1);
    });

    it('rejects the same key with a different body (422)', async () => {
      await stack.api('POST', '/api/v1/payments', { creds, body, headers: { 'Idempotency-Key': 'k-reuse' } });
      const other = await stack.api('POST', '/api/v1/payments', {
        creds,
        body: { ...body, amountMinor: 26000 },
        headers: { 'Idempotency-Key': 'k-reuse' },
      });
      expectError(other, 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('concurrent requests with one key create one payment; the others get 409 or the replay', async () => {
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          stack.api('POST', '/api/v1/payments', {
            creds,
            body: { ...body, customerReference: 'cust_race' },
            headers: { 'Idempotency-Key': 'k-race' },
          }),
        ),
      );
      const created = responses.filter((r) => r.status === 201);
      const inFlight = responses.filter((r) => r.status === 409);
      expect(created.length + inFlight.length).toBe(8);
      expect(new Set(created.map((r) => r.body.data.reference)).size).toBe(1);
      inFlight.forEach((r) => expectError(r, 409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS'));
      const list = await stack.api('GET', '/api/v1/payments?customerReference=cust_race', { creds });
      expect(list.body.pagination.totalItems).toBe(1);
    });

    it('keys are scoped to the app and mode', async () => {
      const other = await stack.registerApp();
      const mine = await stack.api('POST', '/api/v1/payments', {
        creds,
        body,
        headers: { 'Idempotency-Key': 'k-scope' },
      });
      const theirs = await stack.api('POST', '/api/v1/payments', {
        creds: other.test,
        body,
        headers: { 'Idempotency-Key': 'k-scope' },
      });
      expect(theirs.status).toBe(201);
      expect(theirs.body.data.reference).not.toBe(mine.body.data.reference);
    });
  });

  describe('isolation', () => {
    it("another app's payment, or the other mode's, is 404 PAYMENT_NOT_FOUND", async () => {
      const payment = await stack.createPayment(creds);
      const other = await stack.registerApp();
      for (const probe of [payment.reference, String(payment.id)]) {
        expectError(
          await stack.api('GET', `/api/v1/payments/${probe}`, { creds: other.test }),
          404,
          'PAYMENT_NOT_FOUND',
        );
        expectError(
          await stack.api('GET', `/api/v1/payments/${probe}`, { creds: registered.live }),
          404,
          'PAYMENT_NOT_FOUND',
        );
        expectError(
          await stack.api('GET', `/api/v1/payments/${probe}/receipt`, { creds: other.test }),
          404,
          'PAYMENT_NOT_FOUND',
        );
        expect((await stack.api('GET', `/api/v1/payments/${probe}`, { creds })).status).toBe(200);
      }
      const theirList = await stack.api('GET', '/api/v1/payments', { creds: other.test });
      expect(theirList.body.data.items.map((p: { reference: string }) => p.reference)).not.toContain(
        payment.reference,
      );
      expectError(await stack.api('GET', '/api/v1/payments/not-an-id', { creds }), 404, 'PAYMENT_NOT_FOUND');
    });
  });

  describe('listing', () => {
    it('filters, pages newest first, and summarises by status', async () => {
      const app = await stack.registerApp();
      const made = [];
      for (const amountMinor of [1000, 2000, 3000, 4000, 5000]) {
        made.push(
          await stack.createPayment(app.test, {
            amountMinor,
            customerReference: amountMinor > 2000 ? 'big' : 'small',
          }),
        );
      }
      await stack.api('POST', `/checkout/${made[0]!.reference}/cancel`);

      const all = await stack.api('GET', '/api/v1/payments?size=2&page=1', { creds: app.test });
      expect(all.status).toBe(200);
      expect(all.body.pagination).toEqual({
        page: 1,
        size: 2,
        totalItems: 5,
        totalPages: 3,
        nextCursor: expect.stringMatching(/^c1_/),
      });
      expect(all.body.data.items.map((p: { amountMinor: number }) => p.amountMinor)).toEqual([5000, 4000]);

      const big = await stack.api('GET', '/api/v1/payments?customerReference=big&amountMin=3500', {
        creds: app.test,
      });
      expect(big.body.data.items.map((p: { amountMinor: number }) => p.amountMinor)).toEqual([5000, 4000]);
      expect(big.body.data.summary).toEqual([{ status: 'CREATED', count: 2, totalMinor: 9000 }]);

      const range = await stack.api(
        'GET',
        `/api/v1/payments?amountMin=2000&amountMax=3000&gateway=sslcommerz&from=2020-01-01&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
        { creds: app.test },
      );
      expect(range.body.data.items.map((p: { amountMinor: number }) => p.amountMinor)).toEqual([3000, 2000]);

      const cancelled = await stack.api('GET', '/api/v1/payments?status=CANCELLED,EXPIRED', {
        creds: app.test,
      });
      expect(cancelled.body.data.items.map((p: { reference: string }) => p.reference)).toEqual([
        made[0]!.reference,
      ]);
      expect(cancelled.body.data.summary).toEqual([{ status: 'CANCELLED', count: 1, totalMinor: 1000 }]);
    });

    it.each([
      ['size=101', 'size'],
      ['page=0', 'page'],
      ['status=PAID', 'status'],
      ['from=yesterday', 'from'],
      ['colour=blue', 'colour'],
    ])('rejects %s', async (query, field) => {
      const response = await stack.api('GET', `/api/v1/payments?${query}`, { creds });
      expectError(response, 400, 'VALIDATION_ERROR');
      expect(response.body.meta.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    });
  });

  it('an empty range (amountMin above amountMax, from after to) matches nothing rather than failing', async () => {
    for (const query of ['amountMin=5&amountMax=1', 'from=2026-02-01&to=2026-01-01']) {
      const response = await stack.api('GET', `/api/v1/payments?${query}`, { creds });
      expect(response.status).toBe(200);
      expect(response.body.data.items).toEqual([]);
    }
  });

  describe('receipts and the public checkout context', () => {
    it('a receipt needs receipts enabled for the app', async () => {
      const registeredApp = await registerApp(
        stack.em(),
        { name: 'no-receipts', receiptsEnabled: false },
        TEST_PEPPER,
      );
      const appCreds = {
        key: registeredApp.credentials.TEST.apiKey,
        secret: registeredApp.credentials.TEST.secret,
      };
      const payment = await stack.createPayment(appCreds);
      expectError(
        await stack.api('GET', `/api/v1/payments/${payment.id}/receipt`, { creds: appCreds }),
        403,
        'RECEIPTS_DISABLED',
      );
    });

    it('a receipt exists only once the payment succeeded', async () => {
      const payment = await stack.createPayment(creds);
      expectError(
        await stack.api('GET', `/api/v1/payments/${payment.id}/receipt`, { creds }),
        409,
        'RECEIPT_NOT_AVAILABLE',
      );
    });

    it('the hosted checkout page carries the app brand: logo and colour', async () => {
      const branded = await registerApp(
        stack.em(),
        {
          name: 'branded',
          displayName: 'Branded Shop',
          logoUrl: 'https://cdn.example/logo.png',
          brandColor: '#aa3300',
        },
        TEST_PEPPER,
      );
      const brandCreds = { key: branded.credentials.TEST.apiKey, secret: branded.credentials.TEST.secret };
      const payment = await stack.createPayment(brandCreds);
      const page = String((await stack.api('GET', `/checkout/${payment.reference}`)).body);
      expect(page).toContain('Branded Shop');
      // The stored copy of the logo, from our own origin; this URL gave none, so it answers 404.
      expect(page).toContain(`src="/checkout/${payment.reference}/logo.png"`);
      expect(page).not.toContain('cdn.example');
      expect((await stack.api('GET', `/checkout/${payment.reference}/logo.png`)).status).toBe(404);
      expect(page).toContain('--brand: #aa3300');
    });

    it('the checkout context shows the amount and merchant, never the customer', async () => {
      const payment = await stack.createPayment(creds, {
        customerEmail: 'secret@example.com',
        customerName: 'Rahim',
      });
      const context = await stack.api('GET', `/api/v1/checkout/${payment.reference}`);
      expect(context.status).toBe(200);
      expect(context.body.data).toMatchObject({
        reference: payment.reference,
        status: 'CREATED',
        amountMinor: 10000,
        currency: 'BDT',
        amountFormatted: '100.00 BDT',
        productName: 'Pro plan',
        merchant: { displayName: 'storefront Store' },
        gatewayPageUrl: null,
      });
      expect(JSON.stringify(context.body)).not.toMatch(/secret@example.com|Rahim|cust_1/);
      await stack.openCheckout(payment.reference);
      const pending = await stack.api('GET', `/api/v1/checkout/${payment.reference}`);
      expect(pending.body.data.gatewayPageUrl).toContain('/EasyCheckOut/');
      expectError(await stack.api('GET', '/api/v1/checkout/pay_doesnotexist'), 404, 'PAYMENT_NOT_FOUND');
    });
  });
});
