import { registerThroughApi, signInAs, type AdminSession } from '../helpers/apps-admin.js';
import { eventually, startStack, startWebhookReceiver, type Stack } from '../helpers/stack.js';

/**
 * Outbound webhooks with the production default: no delivery and no ping reaches an internal
 * address. The receiver listens on 127.0.0.1, so every attempt to reach it must be refused.
 */
describe('webhooks cannot reach internal addresses', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let developer: AdminSession;

  beforeAll(async () => {
    stack = await startStack({ configOverrides: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' } });
    receiver = await startWebhookReceiver();
    developer = await signInAs(stack, 'DEVELOPER');
  });
  afterAll(async () => {
    await receiver.close();
    await stack.close();
  });

  it('records a refused delivery as a failed attempt with a clear error', async () => {
    const app = await stack.registerApp();
    await stack.setWebhook(app.app.id, receiver.url);
    const created = await stack.api('POST', '/api/v1/payments', {
      creds: app.test,
      headers: { 'Idempotency-Key': 'ssrf-1' },
      body: { amountMinor: 5000, customerReference: 'cust_ssrf' },
    });
    expect(created.status).toBe(201);
    const reference = created.body.data.reference as string;
    await stack.openCheckout(reference);
    await stack.completeAtGateway(reference, 'VALID');

    const attempts = await eventually(
      async () => {
        const rows = await stack.em().execute(
          `select a.status_code, a.error from webhook_attempts a join events e on e.id = a.event_id
             where e.source_id = ?`,
          [reference],
        );
        return rows.length ? rows : null;
      },
      20_000,
      'a recorded attempt',
    );
    expect(attempts[0]).toEqual({
      status_code: null,
      error: expect.stringMatching(/^Refused: the endpoint resolves to an internal address/),
    });
    expect(receiver.received).toHaveLength(0);
    // The payment itself is unaffected.
    expect((await stack.readPayment(app.test, reference)).status).toBe('SUCCEEDED');
  });

  it('refuses a ping to an internal address', async () => {
    const app = await registerThroughApi(developer);
    const set = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/TEST`, {
      body: { url: receiver.url },
    });
    expect(set.status).toBe(200);
    const ping = await developer.call('POST', `/api/v1/admin/apps/${app.id}/webhooks/TEST/ping`);
    expect(ping.status).toBe(200);
    expect(ping.body.data).toMatchObject({ ok: false, statusCode: null });
    expect(ping.body.data.error).toMatch(/^Refused: the endpoint resolves to an internal address/);
    expect(receiver.received).toHaveLength(0);
  });

  it('accepts only https for a LIVE endpoint', async () => {
    const app = await registerThroughApi(developer);
    const plain = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/LIVE`, {
      body: { url: 'http://hooks.example.com/oi' },
    });
    expect(plain.status).toBe(400);
    expect(plain.body.meta).toMatchObject({ errorCode: 'VALIDATION_ERROR' });
    expect(plain.body.meta.message).toMatch(/LIVE webhook endpoint must use https/);
    const secure = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/LIVE`, {
      body: { url: 'https://hooks.example.com/oi' },
    });
    expect(secure.status).toBe(200);
    const testMode = await developer.call('PUT', `/api/v1/admin/apps/${app.id}/webhooks/TEST`, {
      body: { url: 'http://hooks.example.com/oi' },
    });
    expect(testMode.status).toBe(200);
  });
});
