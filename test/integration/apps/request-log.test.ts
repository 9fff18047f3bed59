import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import { createApp } from '../../../api/app.js';
import { createRequestLogWriter } from '../../../api/apps/request-log-writer.js';
import { insertRequestLogEntries, type RequestLogEntryDraft } from '../../../db/apps/request-log.js';
import { createOrm } from '../../../platform/orm/orm.js';
import { OiPayments, OiPaymentsError } from '../../../sdk/src/index.js';
import { randomToken } from '../../../domain/shared/ids.js';
import { eventually, startStack, type Credentials, type Stack } from '../../helpers/stack.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

type Entry = {
  requestId: string;
  mode: string;
  method: string;
  route: string | null;
  path: string;
  query: string | null;
  status: number;
  errorCode: string | null;
  idempotencyKey: string | null;
  durationMs: number;
  requestBody: unknown;
  responseBody: unknown;
  createdAt: string;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The request log: an app reads back its own API requests of the last week, as it was answered,
 * with bodies redacted before they were stored; never another app's or another mode's; and a
 * request never waits for, nor fails with, its entry.
 */
describe('request log', () => {
  let stack: Stack;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let other: Awaited<ReturnType<Stack['registerApp']>>;
  /** Pays out and refunds to beneficiaries; its own app, so the other tests' lists stay as they are. */
  let payer: Awaited<ReturnType<Stack['registerApp']>>;
  const run = randomToken(6);
  const created = { requestId: `rl-create-${run}`, key: `rl-key-${run}` };
  const refused = { requestId: `rl-refused-${run}` };
  const endpoint = { requestId: `rl-endpoint-${run}`, secret: '' };
  const beneficiaries = { payoutRequestId: `rl-payout-${run}`, refundRequestId: `rl-refund-${run}` };

  const list = (query: string, creds: Credentials = app.test) =>
    stack.api<{
      data: { items: Entry[] };
      pagination: { nextCursor: string | null; totalItems: number };
      meta: { errorCode?: string };
    }>('GET', `/api/v1/request-log${query ? `?${query}` : ''}`, { creds });
  const requestIds = (response: { body: { data: { items: Entry[] } } }) =>
    response.body.data.items.map((entry) => entry.requestId);
  /** The entry of a request once the writer has written it (a second or so after the answer). */
  const logged = (requestId: string, creds: Credentials = app.test) =>
    eventually(
      async () => {
        const found = await stack.api<{ data: Entry }>('GET', `/api/v1/request-log/${requestId}`, {
          creds,
        });
        return found.status === 200 ? found.body.data : null;
      },
      10_000,
      `request ${requestId} in the log`,
    );

  beforeAll(async () => {
    stack = await startStack({ worker: false });
    app = await stack.registerApp();
    other = await stack.registerApp();
    payer = await stack.registerApp();

    const payment = await stack.api('POST', '/api/v1/payments', {
      creds: app.test,
      headers: { 'x-request-id': created.requestId, 'idempotency-key': created.key },
      body: {
        amountMinor: 12_500,
        customerReference: 'cust_rl',
        productName: 'Request log plan',
        customerEmail: 'rahim.rl@example.com',
        customerName: 'Rahim Request',
        metadata: { note: 'card 4111 1111 1111 1111 on file' },
      },
    });
    expect(payment.status).toBe(201);
    const wrong = await stack.api('POST', '/api/v1/payments', {
      creds: app.test,
      headers: { 'x-request-id': refused.requestId },
      body: { amountMinor: 12.5, customerReference: 'cust_rl' },
    });
    expect(wrong.status).toBe(400);
    const hook = await stack.api('POST', '/api/v1/webhook-endpoints', {
      creds: app.test,
      headers: { 'x-request-id': endpoint.requestId },
      body: { url: 'http://127.0.0.1:9/request-log-hook' },
    });
    expect(hook.status).toBe(201);
    endpoint.secret = hook.body.data.secret;
    expect(endpoint.secret).toBeTruthy();
    await stack.api('GET', '/api/v1/app/me', {
      creds: app.live,
      headers: { 'x-request-id': `rl-live-${run}` },
    });
    await stack.api('GET', '/api/v1/app/me', {
      creds: other.test,
      headers: { 'x-request-id': `rl-other-${run}` },
    });
    const payout = await stack.api('POST', '/api/v1/payouts', {
      creds: payer.test,
      headers: { 'x-request-id': beneficiaries.payoutRequestId },
      body: {
        amountMinor: 5_000,
        beneficiary: { type: 'BKASH_WALLET', walletNumber: '01712349876', name: 'Rahima Khatun' },
      },
    });
    expect(payout.status).toBeLessThan(500);
    const refund = await stack.api('POST', `/api/v1/payments/pay_00000000000000000000/refunds`, {
      creds: payer.test,
      headers: { 'x-request-id': beneficiaries.refundRequestId },
      body: {
        amountMinor: 100,
        destination: {
          type: 'BANK_ACCOUNT',
          accountNumber: '2050123456789',
          accountName: 'Karim Traders',
          routingNumber: '090261234',
        },
      },
    });
    expect(refund.status).toBeLessThan(500);
    await logged(endpoint.requestId);
    await logged(beneficiaries.refundRequestId, payer.test);
  });
  afterAll(() => stack.close());

  it('keeps each request with its status, request id, Idempotency-Key, route and error code', async () => {
    const entry = await logged(created.requestId);
    expect(entry).toMatchObject({
      requestId: created.requestId,
      mode: 'TEST',
      method: 'POST',
      route: '/api/v1/payments',
      path: '/api/v1/payments',
      status: 201,
      errorCode: null,
      idempotencyKey: created.key,
    });
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    expect((entry.requestBody as Record<string, unknown>).productName).toBe('Request log plan');
    expect((entry.responseBody as { data: { reference: string } }).data.reference).toMatch(/^pay_/);

    const failure = await logged(refused.requestId);
    expect(failure).toMatchObject({ status: 400, errorCode: 'VALIDATION_ERROR', idempotencyKey: null });
    expect(failure.requestBody).toEqual({ amountMinor: 12.5, customerReference: 'cust_rl' });
  });

  it('never stores a secret, a customer email or name, or a card number', async () => {
    const entry = await logged(created.requestId);
    const body = entry.requestBody as Record<string, unknown>;
    expect(body.customerEmail).toBe('[redacted]');
    expect(body.customerName).toBe('[redacted]');
    const hook = await logged(endpoint.requestId);
    expect((hook.responseBody as { data: { secret: string } }).data.secret).toBe('[redacted]');

    const [stored] = await stack.em().execute<Array<{ bodies: string }>>(
      `select string_agg(coalesce(request_body::text, '') || coalesce(response_body::text, '') || coalesce(query, ''), ' ') as bodies
           from request_log where app_id = ?`,
      [app.app.id],
    );
    expect(stored!.bodies).toContain('Request log plan');
    for (const secret of [
      endpoint.secret,
      'rahim.rl@example.com',
      'Rahim Request',
      '4111',
      app.test.secret,
    ]) {
      expect(stored!.bodies).not.toContain(secret);
    }
  });

  it("keeps payout and refund beneficiaries' wallet and account numbers masked, as their answers show them", async () => {
    const payout = await logged(beneficiaries.payoutRequestId, payer.test);
    expect((payout.requestBody as { beneficiary: unknown }).beneficiary).toEqual({
      type: 'BKASH_WALLET',
      walletNumber: '•••••••9876',
      name: 'Rahima Khatun',
    });
    const refund = await logged(beneficiaries.refundRequestId, payer.test);
    expect((refund.requestBody as { destination: { accountNumber: string } }).destination.accountNumber).toBe(
      '•••••••••6789',
    );

    const [stored] = await stack.em().execute<Array<{ bodies: string }>>(
      `select string_agg(coalesce(request_body::text, '') || coalesce(response_body::text, ''), ' ') as bodies
           from request_log where app_id = ?`,
      [payer.app.id],
    );
    expect(stored!.bodies).toContain('9876');
    expect(stored!.bodies).not.toContain('01712349876');
    expect(stored!.bodies).not.toContain('2050123456789');
  });

  it("never shows another app's or another mode's requests, and does not log reads of the log", async () => {
    const foreign = await stack.api('GET', `/api/v1/request-log/${created.requestId}`, { creds: other.test });
    expect([foreign.status, foreign.body.meta.errorCode]).toEqual([404, 'REQUEST_NOT_FOUND']);
    const live = await stack.api('GET', `/api/v1/request-log/${created.requestId}`, { creds: app.live });
    expect([live.status, live.body.meta.errorCode]).toEqual([404, 'REQUEST_NOT_FOUND']);

    const othersList = await eventually(async () => {
      const response = await list('', other.test);
      return response.body.data.items.length > 0 ? response : null;
    });
    expect(requestIds(othersList)).toEqual([`rl-other-${run}`]);
    const liveList = await eventually(async () => {
      const response = await list('', app.live);
      return response.body.data.items.length > 0 ? response : null;
    });
    expect(requestIds(liveList)).toEqual([`rl-live-${run}`]);

    const own = await list('');
    expect(requestIds(own)).toEqual([endpoint.requestId, refused.requestId, created.requestId]);
    expect(own.body.data.items.every((entry) => !entry.path.startsWith('/api/v1/request-log'))).toBe(true);
  });

  it('filters by status or status class, method, path prefix, request id, Idempotency-Key and time, and pages by cursor', async () => {
    expect(requestIds(await list('status=4xx'))).toEqual([refused.requestId]);
    expect(requestIds(await list('status=201'))).toEqual([endpoint.requestId, created.requestId]);
    expect(requestIds(await list('status=2xx&path=/api/v1/payments'))).toEqual([created.requestId]);
    expect(requestIds(await list('method=GET'))).toEqual([]);
    expect(requestIds(await list(`idempotencyKey=${created.key}`))).toEqual([created.requestId]);
    expect(requestIds(await list(`requestId=${refused.requestId}`))).toEqual([refused.requestId]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(requestIds(await list(`since=${encodeURIComponent(later)}`))).toEqual([]);
    expect(requestIds(await list(`until=${encodeURIComponent(later)}`))).toHaveLength(3);

    const first = await list('size=2');
    expect(first.body.pagination.totalItems).toBe(3);
    const next = await list(`size=2&after=${first.body.pagination.nextCursor}`);
    expect([...requestIds(first), ...requestIds(next)]).toEqual([
      endpoint.requestId,
      refused.requestId,
      created.requestId,
    ]);

    const bad = await list('status=6xx');
    expect([bad.status, bad.body.meta.errorCode]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it("reads through the Node SDK, from a failed call's request id to its entry", async () => {
    const oi = new OiPayments({ apiKey: app.test.key, apiSecret: app.test.secret, baseUrl: stack.apiUrl });
    const failure = await oi.refunds.create('pay_00000000000000000000', { amountMinor: 100 }).catch((e) => e);
    expect(failure).toBeInstanceOf(OiPaymentsError);
    const requestId = (failure as OiPaymentsError).requestId!;
    const entry = await eventually(() => oi.requestLog.retrieve(requestId).catch(() => null), 10_000);
    expect(entry).toMatchObject({
      requestId,
      method: 'POST',
      route: '/api/v1/payments/:id/refunds',
      status: 404,
      errorCode: 'PAYMENT_NOT_FOUND',
    });
    expect(entry.idempotencyKey).toBeTruthy();
    const failures = await oi.requestLog.list({ status: '4xx' });
    expect(failures.items.map((item) => item.requestId)).toEqual([requestId, refused.requestId]);
  });

  it('hides entries older than a week at once, and the sweeper deletes them', async () => {
    const draft = (requestId: string, at: Date): RequestLogEntryDraft => ({
      appId: app.app.id,
      mode: 'TEST',
      requestId,
      idempotencyKey: null,
      method: 'GET',
      route: '/api/v1/app/me',
      path: '/api/v1/app/me',
      query: null,
      status: 200,
      errorCode: null,
      durationMs: 3,
      requestBody: null,
      responseBody: { data: { id: app.app.id } },
      at,
    });
    await insertRequestLogEntries(stack.em(), [
      draft(`rl-old-${run}`, new Date(Date.now() - 8 * DAY_MS)),
      draft(`rl-six-days-${run}`, new Date(Date.now() - 6 * DAY_MS)),
    ]);
    const old = await stack.api('GET', `/api/v1/request-log/rl-old-${run}`, { creds: app.test });
    expect(old.status).toBe(404);
    expect(requestIds(await list(`requestId=rl-six-days-${run}`))).toEqual([`rl-six-days-${run}`]);

    const sweeper = createSweeperActivities({
      orm: stack.orm,
      temporal: { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
    });
    const result = await sweeper.sweepStranded();
    expect(result.pruned?.requestLog).toBeGreaterThanOrEqual(1);
    const rows = await stack
      .em()
      .execute<Array<{ request_id: string }>>(
        'select request_id from request_log where app_id = ? and request_id like ?',
        [app.app.id, `rl-%-${run}`],
      );
    const kept = rows.map((row) => row.request_id);
    expect(kept).not.toContain(`rl-old-${run}`);
    expect(kept).toContain(`rl-six-days-${run}`);
  });

  it('answers a request whose log cannot be written, and counts the lost entries', async () => {
    const brokenOrm = await createOrm({ databaseUrl: requireEnv(testEnv.databaseUrl) });
    await brokenOrm.close(true);
    const writer = createRequestLogWriter({ orm: brokenOrm, logger: stack.deps.logger });
    const broken = createApp({ ...stack.deps, requestLog: writer });
    const server = createServer(broken.callback()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const response = await fetch(`${base}/api/v1/app/me`, {
        headers: { 'x-api-key': app.test.key, 'x-api-secret': app.test.secret },
      });
      expect(response.status).toBe(200);
      await new Promise((resolve) => setImmediate(resolve));
      await writer.flush();
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/^request_log_dropped_total [1-9]/m);
    } finally {
      server.close();
      await writer.close();
    }
  });
  it('keeps nothing with REQUEST_LOG_ENABLED=false, and the same request with the log on is kept', async () => {
    const writer = createRequestLogWriter({ orm: stack.deps.orm, logger: stack.deps.logger });
    const off = createApp({
      ...stack.deps,
      config: { ...stack.deps.config, REQUEST_LOG_ENABLED: false },
      requestLog: writer,
    });
    const server = createServer(off.callback()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const headers = { 'x-api-key': app.test.key, 'x-api-secret': app.test.secret };
      const response = await fetch(`${base}/api/v1/app/me`, {
        headers: { ...headers, 'x-request-id': `rl-off-${run}` },
      });
      expect(response.status).toBe(200);
      await new Promise((resolve) => setImmediate(resolve));
      await writer.flush();
      // The stack's own API, log on, keeps the same request; by the time it is there, the other
      // one would have been too.
      await stack.api('GET', '/api/v1/app/me', {
        creds: app.test,
        headers: { 'x-request-id': `rl-on-${run}` },
      });
      await logged(`rl-on-${run}`);
      const missing = await stack.api<{ meta: { errorCode?: string } }>(
        'GET',
        `/api/v1/request-log/rl-off-${run}`,
        {
          creds: app.test,
        },
      );
      expect(missing.status).toBe(404);
      expect(missing.body.meta.errorCode).toBe('REQUEST_NOT_FOUND');
    } finally {
      server.close();
      await writer.close();
    }
  });
});
