import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { promisify } from 'node:util';
import {
  OiPayments,
  OiPaymentsError,
  WebhookVerificationError,
  type Payment,
  type PaymentWithRefunds,
  type WebhookEvent,
} from '../../../sdk/src/index.js';
import { GENERATED_DIR, generateSdkSources } from '../../../scripts/sdk/generate.js';
import { signInAs, type AdminSession } from '../../helpers/apps-admin.js';
import { recordingFetch } from '../../helpers/sdk-fetch.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../../helpers/stack.js';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..', '..');

describe('the generated SDK sources', () => {
  it('are what `npm run sdk:generate` makes from the document the API serves today', async () => {
    const fresh = await generateSdkSources();
    for (const [name, text] of Object.entries(fresh)) {
      const committed = await readFile(join(GENERATED_DIR, name), 'utf8');
      // On a difference, run `npm run sdk:generate` and commit what it writes.
      expect({ name, text: committed }).toEqual({ name, text });
    }
  }, 60_000);

  it('compile strictly with the SDK as its own package', async () => {
    const compiled = await run(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'sdk/tsconfig.json'), '--noEmit'],
      { cwd: root },
    ).then(
      () => '',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
    expect(compiled).toBe('');
  }, 120_000);
});

describe('the SDK against the running service', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let developer: AdminSession;

  beforeAll(async () => {
    stack = await startStack();
    receiver = await startWebhookReceiver();
    developer = await signInAs(stack, 'DEVELOPER');
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.close();
  });

  const sdkFor = (creds: Credentials, options: { maxRetries?: number; webhookSecret?: string } = {}) => {
    const wire = recordingFetch();
    const sdk = new OiPayments({
      apiKey: creds.key,
      apiSecret: creds.secret,
      baseUrl: stack.apiUrl,
      fetch: wire.fetch,
      // Short backoff keeps the suite quick; Retry-After is honoured as sent whatever these are.
      retry: { initialDelayMs: 100, maxDelayMs: 400 },
      ...options,
    });
    return { sdk, wire };
  };
  const paymentCount = async (appId: number) =>
    Number((await stack.em().execute('select count(*) as n from payments where app_id = ?', [appId]))[0]!.n);

  it('creates and retrieves a payment, typed, with a generated Idempotency-Key', async () => {
    const app = await stack.registerApp();
    const { sdk, wire } = sdkFor(app.test);

    const created: Payment = await sdk.payments.create({
      amountMinor: 25_000,
      customerReference: 'cust_sdk',
      productName: 'Annual plan',
      metadata: { orderId: 'SDK-1' },
    });
    expect(created).toMatchObject({ status: 'CREATED', amountMinor: 25_000, currency: 'BDT', mode: 'TEST' });
    expect(created.reference).toMatch(/^pay_/);
    expect(created.checkoutUrl).toBe(`${stack.apiUrl}/checkout/${created.reference}`);
    const gateway: string | null = created.gateway;
    // The app has one gateway, so the payment is bound to it from the start.
    expect(gateway).toBe('sslcommerz');

    const createCall = wire.sent.find((r) => r.method === 'POST')!;
    expect(createCall.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);

    const read: PaymentWithRefunds = await sdk.payments.retrieve(created.reference);
    expect(read).toMatchObject({ reference: created.reference, refunds: [], metadata: { orderId: 'SDK-1' } });
    expect((await sdk.payments.retrieve(created.id)).reference).toBe(created.reference);
    // Reads carry no key: they are safe to repeat as they are.
    expect(wire.sent.filter((r) => r.method === 'GET').map((r) => r.idempotencyKey)).toEqual([null, null]);

    const page = await sdk.payments.list({ status: 'CREATED', size: 10 });
    expect(page.items.map((p) => p.reference)).toEqual([created.reference]);
    expect(page.summary).toBeDefined();
    expect(page.pagination).toMatchObject({ page: 1, size: 10, totalItems: 1 });
    const all: string[] = [];
    for await (const payment of sdk.payments.iterate()) all.push(payment.reference);
    expect(all).toEqual([created.reference]);

    // The typed client underneath reaches every documented path.
    const me = await sdk.GET('/app/me');
    expect(me.response.status).toBe(200);
    expect(me.data?.data.mode).toBe('TEST');
    expect(await sdk.me()).toMatchObject({ mode: 'TEST' });
  });

  it('a create whose answer was lost is retried with the same key and returns the same payment', async () => {
    const app = await stack.registerApp();
    const { sdk, wire } = sdkFor(app.test);

    // The server creates the payment, then the connection dies before the answer arrives.
    wire.loseNextAnswers('network');
    const payment = await sdk.payments.create({ amountMinor: 10_000, customerReference: 'cust_lost' });
    expect(wire.sent).toHaveLength(2);
    expect(wire.sent[1]!.idempotencyKey).toBe(wire.sent[0]!.idempotencyKey);
    expect(wire.sent[1]!.headers?.get('idempotent-replayed')).toBe('true');
    expect(await paymentCount(app.app.id)).toBe(1);
    expect((await sdk.payments.list()).items.map((p) => p.reference)).toEqual([payment.reference]);

    // A proxy's 502 after the server did the work, twice: the third attempt gets the one payment.
    wire.loseNextAnswers(502, 502);
    const again = await sdk.payments.create(
      { amountMinor: 12_000, customerReference: 'cust_lost' },
      { idempotencyKey: 'order-7-payment' },
    );
    const keyed = wire.sent.filter((r) => r.idempotencyKey === 'order-7-payment');
    expect(keyed.map((r) => [r.idempotencyKey, r.status])).toEqual([
      ['order-7-payment', null],
      ['order-7-payment', null],
      ['order-7-payment', 201],
    ]);
    expect(await paymentCount(app.app.id)).toBe(2);
    expect((await sdk.payments.retrieve(again.reference)).amountMinor).toBe(12_000);
  });

  it('waits while the same key is still in progress, then gets its answer', async () => {
    const app = await stack.registerApp();
    const { sdk, wire } = sdkFor(app.test, { maxRetries: 6 });
    const body = { amountMinor: 15_000, customerReference: 'cust_busy' };
    // The request hash the service keeps for this body, from a first create with another key.
    await sdk.payments.create(body, { idempotencyKey: 'busy-warm-up' });
    const [warmUp] = await stack
      .em()
      .execute<Array<{ request_hash: string }>>(
        `select request_hash from idempotency_keys where app_id = ? and key = 'busy-warm-up'`,
        [app.app.id],
      );
    // Another process holds the key 'busy-1' for this very body.
    await stack
      .em()
      .execute(
        `insert into idempotency_keys (app_id, mode, key, request_hash, state) values (?, 'TEST', 'busy-1', ?, 'IN_PROGRESS')`,
        [app.app.id, warmUp!.request_hash],
      );

    const creating = sdk.payments.create(body, { idempotencyKey: 'busy-1' });
    await eventually(async () => wire.sent.some((r) => r.status === 409), 10_000, 'a 409');
    // That process fails and lets the key go, as the service does for a failed request.
    await stack
      .em()
      .execute(
        `update idempotency_keys set claimed_at = to_timestamp(0) where app_id = ? and key = 'busy-1'`,
        [app.app.id],
      );
    const payment = await creating;
    expect(payment.amountMinor).toBe(15_000);
    const busy = wire.sent.filter((r) => r.idempotencyKey === 'busy-1').map((r) => r.status);
    expect(busy[0]).toBe(409);
    expect(busy.at(-1)).toBe(201);
    expect(await paymentCount(app.app.id)).toBe(2);
  });

  it('waits out a 429 for as long as Retry-After says, then is served', async () => {
    const app = await stack.registerApp();
    const limited = await developer.call('PATCH', `/api/v1/admin/apps/${app.app.id}`, {
      body: { rateLimitPerMinute: 1 },
    });
    expect(limited.status).toBe(200);
    const { sdk, wire } = sdkFor(app.test);
    // This minute's one request is used, and the minute ends in two seconds instead of up to sixty.
    await stack.em().execute(
      `insert into rate_limits (key, points, expire) values (?, 1, ?)
         on conflict (key) do update set points = excluded.points, expire = excluded.expire`,
      [`app:${app.app.id}:TEST`, Date.now() + 2_000],
    );

    expect(await sdk.me()).toMatchObject({ mode: 'TEST' });
    const attempts = wire.sent;
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    const retryAfter = Number(attempts[0]!.headers!.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(retryAfter * 1000 - 50);

    // That request used the new minute's one request: with retries off the caller gets the 429, typed.
    const noRetries = sdkFor(app.test, { maxRetries: 0 }).sdk;
    const refused = await noRetries.me().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OiPaymentsError);
    expect(refused).toMatchObject({ status: 429, errorCode: 'RATE_LIMITED' });
  });

  it('a refused request surfaces as OiPaymentsError with the code and its typed details', async () => {
    const app = await stack.registerApp();
    const { sdk, wire } = sdkFor(app.test);
    const error = await sdk.payments
      .create({ amountMinor: -5, customerReference: '' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OiPaymentsError);
    const refused = error as OiPaymentsError;
    expect(refused).toMatchObject({ status: 400, errorCode: 'VALIDATION_ERROR' });
    expect(refused.requestId).toEqual(expect.any(String));
    if (!refused.is('VALIDATION_ERROR')) throw new Error('expected VALIDATION_ERROR');
    const fields = (refused.meta.details ?? []).map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['amountMinor', 'customerReference']));
    // A client error is not retried.
    expect(wire.sent).toHaveLength(1);

    const missing = await sdk.payments
      .retrieve('pay_00000000000000000000')
      .catch((caught: unknown) => caught);
    expect(missing).toMatchObject({ status: 404, errorCode: 'PAYMENT_NOT_FOUND' });
  });

  it('pays, refunds and invoices through the resources, and verifies the webhooks the service sends', async () => {
    const app = await stack.registerApp();
    const { secret } = await stack.setWebhook(app.app.id, receiver.url);
    const { sdk } = sdkFor(app.test, { webhookSecret: secret });

    const payment = await sdk.payments.create({ amountMinor: 30_000, customerReference: 'cust_hook' });
    await stack.openCheckout(payment.reference);
    await stack.completeAtGateway(payment.reference, 'VALID');
    const delivery = await eventually(
      async () =>
        receiver.received.find(
          (r) => r.body.includes(payment.reference) && r.body.includes('payment.succeeded'),
        ),
      20_000,
      'payment.succeeded delivery',
    );

    const event: WebhookEvent = sdk.webhooks.verify(delivery.body, delivery.headers);
    expect(event.id).toBe(delivery.headers['webhook-id']);
    if (event.type !== 'payment.succeeded') throw new Error(`unexpected ${event.type}`);
    // Narrowed by its type: data is a Payment.
    expect(event.data.reference).toBe(payment.reference);
    expect(event.data.status).toBe('SUCCEEDED');
    // Headers as fetch's Headers, and the secret given per call, verify the same.
    expect(
      sdk.webhooks.verify(Buffer.from(delivery.body), new Headers(delivery.headers as any), secret).id,
    ).toBe(event.id);

    const tampered = delivery.body.replace('"amountMinor":30000', '"amountMinor":3');
    expect(tampered).not.toBe(delivery.body);
    expect(() => sdk.webhooks.verify(tampered, delivery.headers)).toThrow(WebhookVerificationError);
    const stale = { ...delivery.headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600) };
    expect(() => sdk.webhooks.verify(delivery.body, stale)).toThrow(WebhookVerificationError);
    const unsigned = { ...delivery.headers, 'webhook-signature': undefined };
    expect(() => sdk.webhooks.verify(delivery.body, unsigned)).toThrow(WebhookVerificationError);
    expect(() =>
      sdk.webhooks.verify(delivery.body, delivery.headers, 'whsec_' + 'A'.repeat(43) + '='),
    ).toThrow(WebhookVerificationError);

    const refund = await sdk.refunds.create(payment.reference, {
      amountMinor: 5_000,
      reason: 'one seat less',
    });
    expect(refund).toMatchObject({ amountMinor: 5_000, paymentReference: payment.reference });
    expect((await sdk.refunds.retrieve(refund.reference)).reference).toBe(refund.reference);
    expect((await sdk.refunds.listForPayment(payment.reference)).map((r) => r.reference)).toEqual([
      refund.reference,
    ]);
    expect((await sdk.refunds.list()).items.map((r) => r.reference)).toContain(refund.reference);
    const tooMuch = await sdk.refunds
      .create(payment.reference, { amountMinor: 1_000_000 })
      .catch((caught: unknown) => caught as OiPaymentsError);
    if (!(tooMuch instanceof OiPaymentsError) || !tooMuch.is('REFUND_EXCEEDS_REFUNDABLE')) {
      throw new Error(`expected REFUND_EXCEEDS_REFUNDABLE, got ${String(tooMuch)}`);
    }
    expect(tooMuch.meta.details?.refundableMinor).toBeLessThanOrEqual(25_000);

    const draft = await sdk.invoices.create({
      customer: { customerReference: 'cust_hook', name: 'Rahim' },
      lines: [{ description: 'Consulting', quantity: 2, unitAmountMinor: 50_000 }],
      dueDate: '2030-01-31',
    });
    expect(draft).toMatchObject({ status: 'DRAFT', totals: { totalMinor: 100_000 } });
    const changed = await sdk.invoices.update(draft.reference, { notes: 'Thank you' });
    expect(changed.notes).toBe('Thank you');
    const issued = await sdk.invoices.issue(draft.reference);
    expect(issued.status).toBe('OPEN');
    expect(issued.payableUrl).toEqual(expect.any(String));
    expect((await sdk.invoices.list({ status: 'OPEN' })).items.map((i) => i.reference)).toEqual([
      draft.reference,
    ]);
    const pdf = await sdk.invoices.pdf(draft.reference);
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect((await sdk.invoices.void(draft.reference, { reason: 'sent twice' })).status).toBe('VOID');
  });

  it("runs the getting-started guide's SDK examples as written, type-checked strictly", async () => {
    const guide = await readFile(join(root, 'docs/guides/getting-started.md'), 'utf8');
    const sdkEntry = join(root, 'sdk/src/index.js');
    const examples = new MarkdownIt()
      .parse(guide, {})
      .filter((token) => token.type === 'fence' && token.info.trim() === 'ts')
      // A reader installs the package; here the example runs on the SDK's source.
      .map((token) => token.content.replaceAll("'@oi-payments/node'", JSON.stringify(sdkEntry)));
    expect(examples).toHaveLength(2);
    const folder = await mkdtemp(join(tmpdir(), 'sdk-guide-'));
    try {
      const files = await Promise.all(
        examples.map(async (code, index) => {
          const file = join(folder, `example-${index + 1}.ts`);
          await writeFile(file, code);
          return file;
        }),
      );
      const checked = await run(
        process.execPath,
        [
          join(root, 'node_modules/typescript/bin/tsc'),
          ...['--strict', '--noEmit', '--skipLibCheck', '--target', 'es2022'],
          ...['--module', 'nodenext', '--moduleResolution', 'nodenext'],
          ...['--types', 'node', '--typeRoots', join(root, 'node_modules/@types')],
          ...files,
        ],
        { cwd: folder },
      ).then(
        () => '',
        (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
      );
      expect(checked).toBe('');

      const app = await stack.registerApp();
      const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), [files[0]!], {
        cwd: folder,
        env: {
          PATH: process.env.PATH,
          OI_PAYMENTS_URL: stack.apiUrl,
          OI_API_KEY: app.test.key,
          OI_API_SECRET: app.test.secret,
        },
      });
      expect(stdout).toMatch(
        /\(TEST\)\nSend the customer to http\S+\/checkout\/pay_\w+\npay_\w+ is CREATED\n/,
      );
      expect(stdout).toContain('Refused: amountMinor');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
