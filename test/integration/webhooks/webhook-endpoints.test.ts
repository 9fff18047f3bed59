import { Webhook } from 'standardwebhooks';
import { recordEvent } from '../../../db/webhooks/events.js';
import { randomToken } from '../../../domain/shared/ids.js';
import { MAX_ENDPOINTS_PER_MODE } from '../../../domain/webhooks/webhook-endpoints.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../../helpers/stack.js';

type Endpoint = {
  id: string;
  url: string;
  description: string;
  enabledEvents: string[];
  enabled: boolean;
  mode: string;
  secret?: string;
};
type Attempt = {
  eventId: string;
  eventType: string;
  attempt: number;
  statusCode: number | null;
  ok: boolean;
  responseExcerpt: string | null;
  durationMs: number;
};
type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/**
 * /api/v1/webhook-endpoints: an app runs several endpoints per mode with its own credentials,
 * each with its own secret, event filter and switch; reads each one's attempts; and recovers what
 * one failed to take.
 */
describe('webhook endpoints', () => {
  let stack: Stack;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let other: Awaited<ReturnType<Stack['registerApp']>>;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    stack = await startStack();
    app = await stack.registerApp();
    other = await stack.registerApp();
  });
  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await stack.close();
  });

  async function receiver(): Promise<Receiver> {
    const started = await startWebhookReceiver();
    receivers.push(started);
    return started;
  }

  const call = <T = any>(method: string, path: string, creds: Credentials, body?: unknown) =>
    stack.api<{ data: T; meta: any; pagination?: any }>(method, `/api/v1/webhook-endpoints${path}`, {
      creds,
      ...(body !== undefined && { body }),
    });

  async function create(creds: Credentials, body: Record<string, unknown>): Promise<Endpoint> {
    const response = await call<Endpoint>('POST', '', creds, body);
    expect(response.status).toBe(201);
    return response.body.data;
  }

  async function attempts(creds: Credentials, endpointId: string, query = ''): Promise<Attempt[]> {
    const response = await call<{ items: Attempt[] }>('GET', `/${endpointId}/attempts${query}`, creds);
    expect(response.status).toBe(200);
    return response.body.data.items;
  }

  const deliveryStatus = async (eventId: string) =>
    (await stack.api('GET', `/api/v1/events/${eventId}`, { creds: app.test })).body.data.deliveryStatus;

  it('delivers each event to every enabled endpoint whose filter takes it, signed with its own secret', async () => {
    const everything = await receiver();
    everything.answerWith('{"received":true}');
    const refundsOnly = await receiver();
    const all = await create(app.test, { url: everything.url, description: 'Orders service' });
    const refunds = await create(app.test, { url: refundsOnly.url, enabledEvents: ['refund.succeeded'] });
    expect(all).toMatchObject({
      enabled: true,
      enabledEvents: [],
      mode: 'TEST',
      description: 'Orders service',
    });
    expect(all.secret).toMatch(/^whsec_/);
    expect(refunds.secret).not.toBe(all.secret);

    const payment = await stack.paidPayment(app.test);
    const event = await everything.verified(all.secret!, 'payment.succeeded', payment.reference);
    const refund = await stack.api('POST', `/api/v1/payments/${payment.reference}/refunds`, {
      creds: app.test,
      body: { amountMinor: 100 },
    });
    expect(refund.status).toBe(201);
    const refunded = await refundsOnly.verified(refunds.secret!, 'refund.succeeded', payment.reference);
    await everything.verified(all.secret!, 'refund.succeeded', payment.reference);
    // The refunds-only endpoint was sent refund.succeeded and nothing else; the same webhook-id everywhere.
    expect(new Set(refundsOnly.allVerified(refunds.secret!).map((e) => e.type))).toEqual(
      new Set(['refund.succeeded']),
    );
    expect(everything.allVerified(all.secret!).some((e) => e.id === refunded.id)).toBe(true);
    // A body signed for one endpoint does not verify with another's secret.
    expect(refundsOnly.allVerified(all.secret!)).toEqual([]);
    await eventually(async () => (await deliveryStatus(event.id)) === 'DELIVERED', 20_000, 'DELIVERED');

    const seen = await eventually(async () => {
      const list = await attempts(app.test, all.id, `?event=${event.id}`);
      return list.length ? list : null;
    });
    expect(seen[0]).toMatchObject({
      eventId: event.id,
      eventType: 'payment.succeeded',
      attempt: 1,
      statusCode: 200,
      ok: true,
      responseExcerpt: '{"received":true}',
    });
    expect(seen[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('sends a disabled endpoint nothing, and an event no endpoint takes is NO_ENDPOINT', async () => {
    const solo = await stack.registerApp();
    const target = await receiver();
    const endpoint = await create(solo.test, { url: target.url });
    const off = await call<Endpoint>('PATCH', `/${endpoint.id}`, solo.test, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.data.enabled).toBe(false);
    const payment = await stack.paidPayment(solo.test);
    const events = await eventually(async () => {
      const response = await stack.api('GET', `/api/v1/events?payment=${payment.reference}`, {
        creds: solo.test,
      });
      const items = response.body.data.items as Array<{ type: string; deliveryStatus: string }>;
      return items.find((e) => e.type === 'payment.succeeded' && e.deliveryStatus === 'NO_ENDPOINT');
    });
    expect(events).toBeTruthy();
    expect(target.received).toHaveLength(0);
  });

  it('recovers what an endpoint failed to take once it takes events again', async () => {
    const flaky = await stack.registerApp();
    const target = await receiver();
    target.respondWith(503);
    target.answerWith('down for maintenance');
    const endpoint = await create(flaky.test, { url: target.url });
    const payment = await stack.paidPayment(flaky.test);
    const refused = await eventually(async () => {
      const list = await attempts(flaky.test, endpoint.id);
      return list.find((a) => a.eventType === 'payment.succeeded');
    });
    expect(refused).toMatchObject({ statusCode: 503, ok: false, responseExcerpt: 'down for maintenance' });

    // An older event whose retries ended FAILED at this endpoint.
    const { eventId: failedId } = await recordEvent(stack.em(), {
      appId: flaky.app.id,
      mode: 'TEST',
      type: 'payment.succeeded',
      sourceType: 'payment',
      sourceId: `pay_${randomToken(20)}`,
      data: (await stack.api('GET', `/api/v1/events/${refused.eventId}`, { creds: flaky.test })).body.data
        .data,
    });
    await stack
      .em()
      .execute(`update webhook_deliveries set status = 'FAILED' where event_id = ?`, [failedId]);
    await stack.em().execute(`update events set delivery_status = 'FAILED' where id = ?`, [failedId]);

    target.respondWith(200);
    const since = new Date(Date.now() - 60 * 60 * 1000).toISOString();
    const recover = await call<{ events: number; workflowId: string; endpointId: string }>(
      'POST',
      `/${endpoint.id}/recover`,
      flaky.test,
      { since },
    );
    expect(recover.status).toBe(202);
    expect(recover.body.data.events).toBe(2);
    expect(recover.body.data.workflowId).toMatch(new RegExp(`^webhook-recover-${endpoint.id}-\\d+$`));

    await target.verified(endpoint.secret!, 'payment.succeeded', payment.reference);
    const webhook = new Webhook(endpoint.secret!);
    await eventually(async () =>
      target.received.some(
        (delivery) =>
          delivery.headers['webhook-id'] === failedId &&
          webhook.verify(delivery.body, {
            'webhook-id': failedId,
            'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
            'webhook-signature': String(delivery.headers['webhook-signature']),
          }),
      ),
    );
    const status = (id: string) =>
      stack.api('GET', `/api/v1/events/${id}`, { creds: flaky.test }).then((r) => r.body.data.deliveryStatus);
    await eventually(async () => (await status(failedId)) === 'DELIVERED', 20_000, 'recovered FAILED event');
    await eventually(async () => (await status(refused.eventId)) === 'DELIVERED', 20_000, 'recovered event');

    // Nothing left to recover.
    const again = await call<{ events: number }>('POST', `/${endpoint.id}/recover`, flaky.test, { since });
    expect(again.body.data.events).toBe(0);
  });

  it('keeps each app to its own endpoints and mode', async () => {
    const mine = await create(app.test, { url: 'https://example.com/hooks' });
    for (const creds of [other.test, app.live]) {
      expect((await call('GET', `/${mine.id}`, creds)).status).toBe(404);
      expect((await call('PATCH', `/${mine.id}`, creds, { enabled: false })).status).toBe(404);
      expect((await call('DELETE', `/${mine.id}`, creds)).status).toBe(404);
      expect((await call('GET', `/${mine.id}/attempts`, creds)).status).toBe(404);
      const listed = await call<{ items: Endpoint[] }>('GET', '', creds);
      expect(listed.body.data.items.map((e) => e.id)).not.toContain(mine.id);
    }
    const missing = await call('GET', '/we_000000000000000000000000', app.test);
    expect(missing.body.meta.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    expect((await call('GET', '/not-an-id', app.test)).status).toBe(404);
  });

  it('refuses what an endpoint cannot be', async () => {
    const live = await call('POST', '', app.live, { url: 'http://example.com/hooks' });
    expect(live.status).toBe(400);
    expect(live.body.meta.errorCode).toBe('VALIDATION_ERROR');
    expect(live.body.meta.message).toMatch(/https/);
    const unknownType = await call('POST', '', app.test, {
      url: 'https://example.com/a',
      enabledEvents: ['payment.teleported'],
    });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.meta.details[0].field).toBe('enabledEvents');
    const notUrl = await call('POST', '', app.test, { url: 'ftp://example.com' });
    expect(notUrl.status).toBe(400);
    const empty = await call('PATCH', '/we_000000000000000000000000', app.test, {});
    expect(empty.status).toBe(400);
    const some = await create(app.test, { url: 'https://example.com/recover' });
    const recoverBad = await call('POST', `/${some.id}/recover`, app.test, { since: 'yesterday' });
    expect(recoverBad.status).toBe(400);
  });

  it('rotates one endpoint secret, deletes one, and holds the limit per mode', async () => {
    const limited = await stack.registerApp();
    const target = await receiver();
    const first = await create(limited.test, { url: target.url });
    const rotated = await call<Endpoint>('POST', `/${first.id}/rotate-secret`, limited.test);
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.secret).toMatch(/^whsec_/);
    expect(rotated.body.data.secret).not.toBe(first.secret);
    const payment = await stack.paidPayment(limited.test);
    // Both signatures ride along during the grace window.
    await target.verified(rotated.body.data.secret!, 'payment.succeeded', payment.reference);
    await target.verified(first.secret!, 'payment.succeeded', payment.reference);

    for (let n = 1; n < MAX_ENDPOINTS_PER_MODE; n++)
      await create(limited.test, { url: `https://example.com/${n}` });
    const over = await call('POST', '', limited.test, { url: 'https://example.com/over' });
    expect(over.status).toBe(409);
    expect(over.body.meta).toMatchObject({
      errorCode: 'WEBHOOK_ENDPOINT_LIMIT',
      details: { limit: MAX_ENDPOINTS_PER_MODE },
    });
    // LIVE has its own room.
    expect((await call('POST', '', limited.live, { url: 'https://example.com/live' })).status).toBe(201);

    const deleted = await call('DELETE', `/${first.id}`, limited.test);
    expect(deleted.body.data).toEqual({ id: first.id, deleted: true });
    expect((await call('GET', `/${first.id}`, limited.test)).status).toBe(404);
    expect((await call('POST', '', limited.test, { url: 'https://example.com/again' })).status).toBe(201);

    const audit = await stack
      .em()
      .execute<Array<{ action: string; actor_type: string }>>(
        `select action, actor_type from audit_log where actor_type = 'APP' and actor_id = ? order by id`,
        [String(limited.app.id)],
      );
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'webhook.endpoint_created',
        'webhook.secret_rotated',
        'webhook.endpoint_deleted',
      ]),
    );
  });

  it('delivers to the endpoint an operator set and to those the app added alike', async () => {
    const both = await stack.registerApp();
    const operatorSet = await receiver();
    const appAdded = await receiver();
    const { secret } = await stack.setWebhook(both.app.id, operatorSet.url);
    const added = await create(both.test, { url: appAdded.url });
    const listed = await call<{ items: Endpoint[] }>('GET', '', both.test);
    expect(listed.body.data.items.map((e) => e.url)).toEqual([operatorSet.url, appAdded.url]);
    const payment = await stack.paidPayment(both.test);
    await operatorSet.verified(secret, 'payment.succeeded', payment.reference);
    await appAdded.verified(added.secret!, 'payment.succeeded', payment.reference);
  });

  it('lets an operator see every endpoint of an app and switch one off and on', async () => {
    const watched = await stack.registerApp();
    const target = await receiver();
    const endpoint = await create(watched.test, {
      url: `${target.url}?token=hidden`,
      enabledEvents: ['payment.succeeded'],
    });
    const developerAccount = await stack.createOperator('DEVELOPER');
    const developer = await stack.adminLogin(developerAccount.email, developerAccount.password);
    const detail = await developer.call('GET', `/api/v1/admin/apps/${watched.app.id}`);
    expect(detail.body.data.webhookEndpoints).toEqual([
      expect.objectContaining({
        id: endpoint.id,
        mode: 'TEST',
        enabled: true,
        enabledEvents: ['payment.succeeded'],
      }),
    ]);
    // Operators never see what the app hid in its URL.
    expect(detail.body.data.webhookEndpoints[0].url).not.toContain('hidden');

    const off = await developer.call(
      'POST',
      `/api/v1/admin/apps/${watched.app.id}/webhook-endpoints/${endpoint.id}/disable`,
    );
    expect(off.status).toBe(200);
    expect(off.body.data.enabled).toBe(false);
    expect((await call<Endpoint>('GET', `/${endpoint.id}`, watched.test)).body.data.enabled).toBe(false);
    const elsewhere = await developer.call(
      'POST',
      `/api/v1/admin/apps/${other.app.id}/webhook-endpoints/${endpoint.id}/enable`,
    );
    expect(elsewhere.body.meta.errorCode).toBe('WEBHOOK_ENDPOINT_NOT_FOUND');
    const on = await developer.call(
      'POST',
      `/api/v1/admin/apps/${watched.app.id}/webhook-endpoints/${endpoint.id}/enable`,
    );
    expect(on.body.data.enabled).toBe(true);

    const viewerAccount = await stack.createOperator('VIEWER');
    const viewer = await stack.adminLogin(viewerAccount.email, viewerAccount.password);
    const refused = await viewer.call(
      'POST',
      `/api/v1/admin/apps/${watched.app.id}/webhook-endpoints/${endpoint.id}/disable`,
    );
    expect(refused.status).toBe(403);
  });
});
