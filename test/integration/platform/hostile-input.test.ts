import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createApiServer, DEFAULT_SERVER_LIMITS } from '../../../platform/http/http-server.js';
import { startStack, type Credentials, type Stack } from '../../helpers/stack.js';
import { resolvedResponse } from '../../helpers/openapi-conformance.js';

/** Input no column can hold, or no parser should guess at: a 4xx in the envelope, never a 500. */
describe('hostile input', () => {
  let stack: Stack;
  let creds: Credentials;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    creds = (await stack.registerApp()).test;
  });
  afterAll(() => stack.close());

  const base = { amountMinor: 10000, customerReference: 'cust_1', productName: 'Plan' };
  const expectInvalid = (response: { status: number; body: any }, field: string) => {
    expect(response.status).toBe(400);
    expect(response.body.meta).toMatchObject({ success: false, errorCode: 'VALIDATION_ERROR' });
    expect(response.body.meta.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  };
  const create = (body: Record<string, unknown>) => stack.api('POST', '/api/v1/payments', { creds, body });

  it.each([
    ['customerReference', { customerReference: 'a\u0000b' }],
    ['customerEmail', { customerEmail: 'a\u0000@example.com' }],
    ['customerName', { customerName: '\u0000' }],
    ['productName', { productName: 'Plan \ud800' }],
    ['metadata.note', { metadata: { note: 'x\u0000' } }],
    ['metadata.(key)', { metadata: { ['k\u0000']: 'x' } }],
    ['returnUrl', { returnUrl: 'https://shop.example.com/\u0000' }],
  ])('a NUL or a lone surrogate in %s is a 400 naming it', async (field, change) => {
    expectInvalid(await create({ ...base, ...change }), field);
  });

  it('refuses a body that names a key twice (two parsers could read it differently)', async () => {
    const response = await stack.api('POST', '/api/v1/payments', {
      creds,
      rawBody: '{"amountMinor":10000,"customerReference":"c","amountMinor":100}',
      headers: { 'content-type': 'application/json' },
    });
    expectInvalid(response, 'amountMinor');
    expect(response.body.meta.details[0].code).toBe('duplicate_key');
  });

  it('takes text with real emoji and accents as it is', async () => {
    expect((await create({ ...base, productName: 'Café 😀' })).status).toBe(201);
  });

  it('counts characters as the document and PostgreSQL do: 128 emoji fit a 128-character field, 129 do not', async () => {
    const created = await create({ ...base, customerReference: '😀'.repeat(128) });
    expect(created.status).toBe(201);
    expect(created.body.data.customerReference).toBe('😀'.repeat(128));
    expectInvalid(await create({ ...base, customerReference: '😀'.repeat(129) }), 'customerReference');
  });

  it('refuses blank text, whatever the whitespace', async () => {
    for (const blank of ['   ', '\u3000\ufeff', '\t\n']) {
      expectInvalid(await create({ ...base, customerReference: blank }), 'customerReference');
    }
  });

  it('refuses an Idempotency-Key header that is present but empty', async () => {
    const response = await stack.api('POST', '/api/v1/payments', {
      creds,
      body: base,
      headers: { 'idempotency-key': '' },
    });
    expect(response.status).toBe(400);
    expect(response.body.meta.errorCode).toBe('INVALID_IDEMPOTENCY_KEY');
  });

  it.each([
    ['customerReference', 'customerReference=a%00b'],
    ['status', 'status=%ED%A0%80'],
    ['from', 'from=0000-01-01'],
    ['to', 'to=0001-01-01T00:30:00%2B01:00'],
    ['from', 'from=2026-02-30'],
    ['page', 'page=1e3'],
    ['size', 'size=0x10'],
    ['amountMin', 'amountMin=5.0'],
    ['amountMax', 'amountMax=%205'],
  ])('list filter %s (%s) is a 400', async (field, query) => {
    expectInvalid(await stack.api('GET', `/api/v1/payments?${query}`, { creds }), field);
  });

  it('accepts the first and the last day PostgreSQL and the filters agree on', async () => {
    const response = await stack.api('GET', '/api/v1/payments?from=0001-01-01&to=9999-12-31', { creds });
    expect(response.status).toBe(200);
  });

  it('refuses bad text in paths, before any handler', async () => {
    expectInvalid(await stack.api('GET', '/api/v1/payments/pay_%00', { creds }), '(path)');
    expectInvalid(await stack.api('GET', '/checkout/pay_%E0%A4%A'), '(path)');
    expectInvalid(await stack.api('POST', '/api/v1/gateways/ssl%00commerz/ipn'), '(path)');
  });

  it('an IPN with a NUL stores nothing; an unknown gateway is 404 and stores nothing', async () => {
    const count = async () =>
      Number((await stack.em().execute('select count(*) as n from gateway_callbacks'))[0]!.n);
    const before = await count();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expectInvalid(
      await stack.api('POST', '/api/v1/gateways/sslcommerz/ipn', {
        rawBody: 'tran_id=pay_x&status=VALID%00',
        headers: form,
      }),
      'status',
    );
    const unknown = await stack.api('POST', '/api/v1/gateways/paypal/ipn', {
      rawBody: 'tran_id=pay_x&status=VALID',
      headers: form,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.meta.errorCode).toBe('GATEWAY_NOT_FOUND');
    const huge = await stack.api('POST', '/api/v1/gateways/sslcommerz/ipn', {
      rawBody: `tran_id=pay_x&status=VALID&filler=${'x'.repeat(17 * 1024)}`,
      headers: form,
    });
    expect(huge.status).toBe(413);
    expect(huge.body.meta.errorCode).toBe('PAYLOAD_TOO_LARGE');
    expect(await count()).toBe(before);
  });

  it('a 405 says which methods the route allows', async () => {
    const response = await stack.api('DELETE', '/api/v1/payments', { creds });
    expect(response.status).toBe(405);
    expect(response.body.meta.errorCode).toBe('METHOD_NOT_ALLOWED');
    expect(response.headers.get('allow')).toMatch(/GET/);
    expect(response.headers.get('allow')).toMatch(/POST/);
  });

  it('the admin API refuses bad text before it asks who is calling', async () => {
    expectInvalid(await stack.api('GET', '/api/v1/admin/payments?reference=%00'), 'reference');
  });
});

describe("requests Node's HTTP layer refuses", () => {
  /** Whether `raw` holds one whole response: its head and as much body as Content-Length says. */
  const wholeResponse = (raw: string) => {
    const headEnd = raw.indexOf('\r\n\r\n');
    if (headEnd < 0) return false;
    const length = /\r\ncontent-length: *(\d+)/i.exec(raw.slice(0, headEnd));
    return Buffer.byteLength(raw.slice(headEnd + 4)) >= Number(length?.[1] ?? 0);
  };
  /** Sends `request` on a socket of its own; what came back once the server answered or hung up. */
  const rawExchange = async (server: Server, request: string) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (wholeResponse(Buffer.concat(chunks).toString('utf8'))) resolve();
      });
      socket.on('close', () => resolve());
      socket.write(request);
    });
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    return Buffer.concat(chunks).toString('utf8');
  };
  const envelope = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));

  it('answers a client that never finishes its headers with 408 in the envelope, in time', async () => {
    const server = createApiServer(() => undefined, {
      ...DEFAULT_SERVER_LIMITS,
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      maxHeaderBytes: 16 * 1024,
    });
    const raw = await rawExchange(server, 'GET /health HTTP/1.1\r\nHost: x\r\n');
    expect(raw).toMatch(/^HTTP\/1.1 408/);
    expect(envelope(raw).meta).toMatchObject({ success: false, errorCode: 'REQUEST_TIMEOUT' });
  });

  it('keeps an idle connection longer than a load balancer does, and says so', async () => {
    const raw = await rawExchange(
      createApiServer((_req, res) => res.end('ok')),
      'GET /health HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(raw).toMatch(/^HTTP\/1.1 200/);
    expect(raw).toMatch(/\r\nKeep-Alive: timeout=65\r\n/i);
  });

  it('answers oversized headers with 431 and malformed requests with 400, in the envelope', async () => {
    const big = await rawExchange(
      createApiServer(() => undefined),
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect(big).toMatch(/^HTTP\/1.1 431/);
    expect(envelope(big).meta.errorCode).toBe('HEADERS_TOO_LARGE');
    const malformed = await rawExchange(
      createApiServer(() => undefined),
      'NOT HTTP AT ALL\r\n\r\n',
    );
    expect(malformed).toMatch(/^HTTP\/1.1 400/);
    expect(envelope(malformed).meta.errorCode).toBe('MALFORMED_REQUEST');
  });
});

describe('the OpenAPI document says what the service does', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(() => stack.close());

  it('lists the standard answers, the header rule, the status enum, the amount limits and the webhooks', async () => {
    const doc = (await stack.api('GET', '/api/v1/openapi.json')).body;
    const create = doc.paths['/payments'].post;
    for (const status of ['201', '400', '401', '405', '409', '413', '415', '422', '500']) {
      expect(Object.keys(create.responses)).toContain(status);
    }
    expect(resolvedResponse(doc, create.responses['405']).headers.Allow).toBeDefined();
    expect(create.parameters[0].schema.pattern).toBe('^[\\x21-\\x7e]{1,255}$');
    expect(new RegExp(create.parameters[0].schema.pattern).test('key with space')).toBe(false);
    const ipn = doc.paths['/gateways/{gateway}/ipn'].post;
    expect(Object.keys(ipn.responses)).toEqual(expect.arrayContaining(['404', '413', '415', '429']));
    const status = doc.paths['/payments'].get.parameters.find((p: { name: string }) => p.name === 'status');
    expect(new RegExp(status.schema.pattern).test('SUCCEEDED,FAILED')).toBe(true);
    expect(new RegExp(status.schema.pattern).test('PAID')).toBe(false);
    const bdt = doc.components.schemas.CreatePayment.allOf.find(
      (rule: any) => rule.then.properties?.amountMinor?.minimum === 1000,
    );
    expect(bdt.then.properties.amountMinor.maximum).toBe(50_000_000);
    expect(Object.keys(doc.webhooks)).toEqual([
      'payment.succeeded',
      'payment.failed',
      'payment.cancelled',
      'payment.expired',
      'payment.partially_refunded',
      'payment.refunded',
      'refund.created',
      'refund.approval_required',
      'refund.approved',
      'refund.rejected',
      'refund.expired',
      'refund.succeeded',
      'refund.failed',
      'dispute.created',
      'dispute.won',
      'dispute.lost',
      'invoice.issued',
      'invoice.partially_paid',
      'invoice.paid',
      'invoice.voided',
      'invoice.installment_due',
      'invoice.installment_overdue',
      'payout.created',
      'payout.succeeded',
      'payout.failed',
      'payout.cancelled',
      'payout.returned',
      'payout_batch.created',
      'payout_batch.completed',
      'gateway.health_changed',
      'webhook.ping',
    ]);
    expect(
      doc.paths['/payments/{id}'].get.responses['200'].content['application/json'].schema.properties.data,
    ).toEqual({
      $ref: '#/components/schemas/PaymentWithRefunds',
    });
    // A dispute's webhook carries the dispute, as the payment's read lists it.
    expect(
      doc.webhooks['dispute.won'].post.requestBody.content['application/json'].schema.properties.data,
    ).toEqual({ $ref: '#/components/schemas/Dispute' });
    expect(doc.components.schemas.PaymentWithRefunds.properties.disputes).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/Dispute' },
    });
  });

  it('describes every success body, the admin JSON API included, and only currencies a gateway takes', async () => {
    const doc = (await stack.api('GET', '/api/v1/openapi.json')).body;
    const operations = Object.entries(doc.paths).flatMap(([path, methods]: [string, any]) =>
      Object.entries(methods).map(([method, operation]: [string, any]) => ({ path, method, operation })),
    );
    expect(operations.filter((o) => o.path.startsWith('/admin/')).length).toBeGreaterThanOrEqual(24);
    for (const { path, method, operation } of operations) {
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      // One success answer; setting a control has two: applied (200), or a proposal that waits (202);
      // a key has two: issued (201), or, a LIVE key that may move money, a request that waits (202);
      // an upload has three: imported (201), the same file imported before (200), or still being
      // read by the worker (202).
      const statuses = success.map(([status]) => status);
      const sets = [
        ['200', '202'],
        ['200', '201'],
        ['200', '201', '202'],
        ['201', '202'],
      ];
      const expected =
        statuses.length > 1
          ? (sets.find((p) => p.join() === statuses.join()) ?? ['200', '202'])
          : [statuses[0]];
      expect([path, method, statuses.length > 0, statuses]).toEqual([path, method, true, expected]);
      for (const [, answer] of success) {
        const content = (answer as any).content;
        // A document (an invoice's PDF, an export's CSV) is declared as the binary body it is.
        const document = content['application/pdf'] ?? content['text/csv'];
        if (document) {
          expect([path, method, document.schema.format]).toEqual([path, method, 'binary']);
          continue;
        }
        // The event stream answers server-sent events, one JSON event body per message.
        if (content['text/event-stream']) {
          expect([path, method, Object.keys(content)]).toEqual([path, method, ['text/event-stream']]);
          continue;
        }
        const data = content['application/json'].schema.properties.data;
        // A reference to a named shape, or an object or list with its properties spelled out.
        expect([path, method, Boolean(data.$ref || data.properties)]).toEqual([path, method, true]);
      }
    }
    // SSLCOMMERZ's four, then those only Stripe takes.
    expect(doc.components.schemas.CreatePayment.properties.currency.enum).toEqual([
      'BDT',
      'USD',
      'EUR',
      'GBP',
      'INR',
      'SGD',
      'MYR',
      'AUD',
      'CAD',
      'JPY',
    ]);
    expect(doc.components.securitySchemes.OperatorSession).toEqual({
      type: 'apiKey',
      in: 'cookie',
      name: 'oi_admin_session',
    });
  });
});
