import { Client } from 'pg';
import { AuditEntrySchema } from '../../../platform/orm/entities.js';
import type { Role } from '../../../domain/operators/permissions.js';
import { deliveredEvent } from '../../helpers/admin-payments-fixtures.js';
import { STORE, eventually, startStack, startWebhookReceiver, type Stack } from '../../helpers/stack.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * Operators' view of payments and webhook deliveries, over the admin JSON API on the real stack:
 * payments created by apps, paid through the SSLCOMMERZ simulator, delivered to a local receiver.
 */
describe('admin payments and webhook deliveries', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  type App = Awaited<ReturnType<Stack['registerApp']>>;
  let appA: App;
  let appB: App;
  /** appA: paid (oldest), open, paid big (newest); appB: paid. */
  const refs: Record<string, string> = {};
  const sessions: Partial<Record<Role, Awaited<ReturnType<Stack['adminLogin']>>>> = {};

  const as = async (role: Role) => {
    if (!sessions[role]) {
      const op = await stack.createOperator(role);
      sessions[role] = await stack.adminLogin(op.email, op.password);
    }
    return sessions[role];
  };

  beforeAll(async () => {
    stack = await startStack();
    receiver = await startWebhookReceiver();
    appA = await stack.registerApp();
    appB = await stack.registerApp();
    await stack.setWebhook(appA.app.id, receiver.url);
    await stack.setWebhook(appB.app.id, receiver.url);
    refs.aPaid = (await stack.paidPayment(appA.test, { customerReference: 'cust_alpha' })).reference;
    refs.aOpen = (await stack.createPayment(appA.test, { customerReference: 'cust_beta' })).reference;
    refs.aBig = (
      await stack.paidPayment(appA.test, { customerReference: 'cust_alpha', amountMinor: 250000 })
    ).reference;
    refs.bPaid = (await stack.paidPayment(appB.test, { customerReference: 'cust_gamma' })).reference;
    for (const ref of [refs.aPaid, refs.aBig, refs.bPaid]) await deliveredEvent(stack, ref!);
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.close();
  });

  const list = async (query: string, role: Role = 'VIEWER') =>
    (await as(role)).call('GET', `/api/v1/admin/payments?${query}`);
  const detail = async (ref: string, role: Role = 'VIEWER') =>
    (await as(role)).call('GET', `/api/v1/admin/payments/${ref}`);

  it('lists payments across apps, newest first, with filters, pagination and a status summary', async () => {
    const all = await list('size=100');
    expect(all.status).toBe(200);
    const seen = all.body.data.items.map((p: { reference: string }) => p.reference);
    expect(seen).toEqual(expect.arrayContaining([refs.aPaid, refs.aOpen, refs.aBig, refs.bPaid]));
    const b = all.body.data.items.find((p: { reference: string }) => p.reference === refs.bPaid);
    expect(b).toMatchObject({ appId: appB.app.id, appName: appB.app.name, mode: 'TEST' });

    const onlyA = await list(`appId=${appA.app.id}`);
    expect(onlyA.body.data.items.map((p: { reference: string }) => p.reference)).toEqual([
      refs.aBig,
      refs.aOpen,
      refs.aPaid,
    ]);
    expect(onlyA.body.pagination).toEqual({ page: 1, size: 20, totalItems: 3, totalPages: 1 });
    expect(onlyA.body.data.summary).toEqual([
      { status: 'CREATED', count: 1, totalMinor: 10000, totals: [{ currency: 'BDT', totalMinor: 10000 }] },
      {
        status: 'SUCCEEDED',
        count: 2,
        totalMinor: 260000,
        totals: [{ currency: 'BDT', totalMinor: 260000 }],
      },
    ]);

    const second = await list(`appId=${appA.app.id}&size=2&page=2`);
    expect(second.body.data.items.map((p: { reference: string }) => p.reference)).toEqual([refs.aPaid]);
    expect(second.body.pagination).toEqual({ page: 2, size: 2, totalItems: 3, totalPages: 2 });

    const filtered = async (query: string) =>
      (await list(`appId=${appA.app.id}&${query}`)).body.data.items.map(
        (p: { reference: string }) => p.reference,
      );
    expect(await filtered('status=SUCCEEDED')).toEqual([refs.aBig, refs.aPaid]);
    expect(await filtered('status=created,pending')).toEqual([refs.aOpen]);
    expect(await filtered('customerReference=cust_alpha')).toEqual([refs.aBig, refs.aPaid]);
    expect(await filtered('amountMin=100000')).toEqual([refs.aBig]);
    expect(await filtered('amountMax=10000&gateway=sslcommerz')).toEqual([refs.aOpen, refs.aPaid]);
    expect(await filtered(`reference=${refs.aPaid}`)).toEqual([refs.aPaid]);
    expect(await filtered('mode=LIVE')).toEqual([]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(await filtered(`from=${tomorrow}`)).toEqual([]);
    expect((await list(`reference=${refs.bPaid}`)).body.data.items).toHaveLength(1);
  });

  it('rejects bad filters with VALIDATION_ERROR naming the field', async () => {
    for (const [query, field] of [
      ['size=101', 'size'],
      ['mode=PROD', 'mode'],
      ['appId=abc', 'appId'],
      ['status=PAID', 'status'],
      ['colour=red', 'colour'],
    ] as const) {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(response.body.meta.errorCode).toBe('VALIDATION_ERROR');
      expect(response.body.meta.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('shows a payment: timeline in order, gateway fields and callbacks, deliveries and the Temporal link', async () => {
    const response = await detail(refs.aPaid!);
    expect(response.status).toBe(200);
    const data = response.body.data;
    expect(data.payment).toMatchObject({ reference: refs.aPaid, status: 'SUCCEEDED', amountMinor: 10000 });
    expect(data.appName).toBe(appA.app.name);
    expect(data.timeline.map((s: { from: string | null; to: string }) => [s.from, s.to])).toEqual([
      [null, 'CREATED'],
      ['CREATED', 'PENDING'],
      ['PENDING', 'SUCCEEDED'],
    ]);
    const times = data.timeline.map((s: { at: string }) => Date.parse(s.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    expect(data.gateway.transactionId).toBeTruthy();
    expect(data.gateway.validationId).toBeTruthy();
    expect(data.gateway.sessionKey).toBeTruthy();
    expect(data.gateway.callbacks.length).toBeGreaterThan(0);
    expect(data.gateway.callbacks).toContainEqual(
      expect.objectContaining({
        kind: 'IPN',
        gatewayStatus: 'VALID',
        signatureValid: true,
        signature: 'VALID',
        verdict: 'SUCCEEDED',
        receivedAt: expect.any(String),
        processedAt: expect.any(String),
      }),
    );
    const text = JSON.stringify(response.body);
    expect(text).not.toContain(STORE.storePassword);
    expect(text).not.toMatch(/store_passwd|verify_sign|payload/);

    expect(data.webhooks).toHaveLength(1);
    expect(data.webhooks[0]).toMatchObject({ type: 'payment.succeeded', deliveryStatus: 'DELIVERED' });
    expect(data.webhooks[0].attempts).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 200, error: null, url: receiver.url }),
    ]);
    expect(data.temporalUrl).toBe(`http://localhost:8233/namespaces/default/workflows/payment-${refs.aPaid}`);

    const byId = await detail(String(data.payment.id));
    expect(byId.body.data.payment.reference).toBe(refs.aPaid);
    const missing = await detail('pay_00000000000000000000');
    expect([missing.status, missing.body.meta.errorCode]).toEqual([404, 'PAYMENT_NOT_FOUND']);
    const nonsense = await detail('drop table');
    expect(nonsense.body.meta.errorCode).toBe('PAYMENT_NOT_FOUND');
  });

  it('includes ledger entries only for roles that may read the ledger', async () => {
    for (const role of ['FINANCE', 'ADMIN'] as const) {
      const data = (await detail(refs.aPaid!, role)).body.data;
      expect(data.ledger).toEqual([
        expect.objectContaining({ kind: 'CAPTURE', amountMinor: 10000, currency: 'BDT' }),
        expect.objectContaining({ kind: 'CAPTURE', amountMinor: -10000, currency: 'BDT' }),
        expect.objectContaining({ kind: 'FEE', amountMinor: 250, currency: 'BDT' }),
        expect.objectContaining({ kind: 'FEE', amountMinor: -250, currency: 'BDT' }),
      ]);
    }
    for (const role of ['SUPPORT', 'VIEWER', 'DEVELOPER'] as const) {
      const response = await detail(refs.aPaid!, role);
      expect(response.status).toBe(200);
      expect(response.body.data).not.toHaveProperty('ledger');
    }
  });

  it('lists webhook events across apps with attempt counts and filters', async () => {
    const viewer = await as('VIEWER');
    const response = await viewer.call('GET', `/api/v1/admin/webhooks/events?appId=${appA.app.id}`);
    expect(response.status).toBe(200);
    expect(response.body.data.items).toHaveLength(2);
    expect(response.body.data.items[0]).toMatchObject({
      appId: appA.app.id,
      appName: appA.app.name,
      type: 'payment.succeeded',
      sourceId: refs.aBig,
      deliveryStatus: 'DELIVERED',
      attemptCount: 1,
      lastStatusCode: 200,
    });
    expect(response.body.pagination).toEqual({
      page: 1,
      size: 20,
      totalItems: 2,
      totalPages: 1,
      nextCursor: null,
    });
    const paged = await viewer.call(
      'GET',
      `/api/v1/admin/webhooks/events?appId=${appA.app.id}&size=1&page=2`,
    );
    expect(paged.body.data.items.map((e: { sourceId: string }) => e.sourceId)).toEqual([refs.aPaid]);
    const failed = await viewer.call(
      'GET',
      `/api/v1/admin/webhooks/events?appId=${appA.app.id}&deliveryStatus=FAILED`,
    );
    expect(failed.body.data.items).toEqual([]);
    const typed = await viewer.call(
      'GET',
      `/api/v1/admin/webhooks/events?type=payment.succeeded&appId=${appB.app.id}`,
    );
    expect(typed.body.data.items.map((e: { sourceId: string }) => e.sourceId)).toEqual([refs.bPaid]);
    const bad = await viewer.call('GET', '/api/v1/admin/webhooks/events?deliveryStatus=LOST');
    expect(bad.body.meta.errorCode).toBe('VALIDATION_ERROR');
  });

  it('resends an event as a new delivery with the same webhook-id and new attempt numbers', async () => {
    const eventId = (await detail(refs.bPaid!)).body.data.webhooks[0].id as string;
    const firstDelivery = receiver.received.filter((r) => r.headers['webhook-id'] === eventId);
    expect(firstDelivery).toHaveLength(1);

    const support = await as('SUPPORT');
    const resent = await support.call('POST', `/api/v1/admin/webhooks/events/${eventId}/resend`);
    expect(resent.status).toBe(202);
    expect(resent.body.data).toEqual({
      eventId,
      type: 'payment.succeeded',
      workflowId: `webhook-${eventId}-resend-1`,
      resendNumber: 1,
      firstAttempt: 2,
    });
    const second = await eventually(
      async () => {
        const got = receiver.received.filter((r) => r.headers['webhook-id'] === eventId);
        return got.length === 2 ? got[1] : null;
      },
      20_000,
      'the resent delivery',
    );
    expect(second.body).toBe(firstDelivery[0]!.body);
    const attempts = await eventually(async () => {
      const event = (await detail(refs.bPaid!)).body.data.webhooks[0];
      return event.attempts.length === 2 && event.deliveryStatus === 'DELIVERED' ? event.attempts : null;
    });
    expect(attempts.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode])).toEqual([
      [1, 200],
      [2, 200],
    ]);
    const run = await stack.client.workflow.getHandle(`webhook-${eventId}-resend-1`).describe();
    expect(run.type).toBe('webhookDeliveryWorkflow');

    const audit = await stack.em().find(AuditEntrySchema, { action: 'webhook.resend', targetId: eventId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorType: 'OPERATOR',
      actorLabel: expect.stringMatching(/^support-/),
      targetType: 'event',
      before: { deliveryStatus: 'DELIVERED', attempts: 1 },
      after: expect.objectContaining({
        deliveryStatus: 'PENDING',
        workflowId: `webhook-${eventId}-resend-1`,
      }),
    });

    const again = await support.call('POST', `/api/v1/admin/webhooks/events/${eventId}/resend`);
    expect(again.body.data).toMatchObject({ workflowId: `webhook-${eventId}-resend-2`, firstAttempt: 3 });
    await eventually(async () => {
      const event = (await detail(refs.bPaid!)).body.data.webhooks[0];
      return event.attempts.map((a: { attempt: number }) => a.attempt).join() === '1,2,3';
    });
  });

  it('a resend takes over from a delivery still retrying, without reusing its attempt numbers', async () => {
    receiver.respondNext(503);
    const ref = (await stack.paidPayment(appA.test, { customerReference: 'cust_retry' })).reference;
    const event = await eventually(async () => {
      const e = (await detail(ref)).body.data.webhooks[0];
      return e?.attempts.length === 1 ? e : null;
    });
    expect(event.attempts[0]).toMatchObject({ attempt: 1, statusCode: 503 });
    expect(event.deliveryStatus).toBe('PENDING');

    const resent = await (
      await as('DEVELOPER')
    ).call('POST', `/api/v1/admin/webhooks/events/${event.id}/resend`);
    expect(resent.status).toBe(202);
    const settled = await eventually(async () => {
      const e = (await detail(ref)).body.data.webhooks[0];
      return e.deliveryStatus === 'DELIVERED' ? e : null;
    });
    expect(
      settled.attempts.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode]),
    ).toEqual([
      [1, 503],
      [2, 200],
    ]);
    // The resend asks the retrying delivery to stop and waits only briefly; on a loaded machine
    // the worker may close it after the resend has already been delivered.
    const original = await eventually(
      async () => {
        const described = await stack.client.workflow.getHandle(`webhook-${event.id}`).describe();
        return described.status.name === 'RUNNING' ? null : described;
      },
      20_000,
      'the retrying delivery to close',
    );
    expect(original.status.name).toBe('CANCELLED');
    const closed = (await detail(ref)).body.data.webhooks[0];
    expect(closed.attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2]);
  });

  it('a resend whose request commits late is still sent: its first attempt waits for the commit', async () => {
    const ref = (await stack.paidPayment(appA.test, { customerReference: 'cust_late_commit' })).reference;
    const event = await eventually(async () => {
      const e = (await detail(ref)).body.data.webhooks[0];
      return e?.deliveryStatus === 'DELIVERED' ? e : null;
    });
    const support = await as('SUPPORT');
    // The resend's audit entry is the request's last statement: held back, it keeps the request's
    // transaction open after the resend's workflow has started.
    const blocker = new Client({ connectionString: requireEnv(testEnv.databaseUrl) });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table audit_log in share mode');
      const request = support.call('POST', `/api/v1/admin/webhooks/events/${event.id}/resend`);
      await eventually(
        () =>
          stack.client.workflow
            .getHandle(`webhook-${event.id}-resend-1`)
            .describe()
            .then(() => true),
        20_000,
        'the resend workflow',
      );
      // Time for its first attempt to read the deliveries, were it not waiting.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await blocker.query('commit');
      expect((await request).status).toBe(202);
    } finally {
      await blocker.end();
    }
    const settled = await eventually(async () => {
      const e = (await detail(ref)).body.data.webhooks[0];
      return e.attempts.length === 2 && e.deliveryStatus === 'DELIVERED' ? e : null;
    });
    expect(settled.attempts.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2]);
  });

  it('refuses a resend to VIEWER (403 FORBIDDEN), without a CSRF token, and for an unknown event', async () => {
    const eventId = (await detail(refs.aPaid!)).body.data.webhooks[0].id as string;
    const viewer = await (await as('VIEWER')).call('POST', `/api/v1/admin/webhooks/events/${eventId}/resend`);
    expect([viewer.status, viewer.body.meta.errorCode]).toEqual([403, 'FORBIDDEN']);
    const finance = await (
      await as('FINANCE')
    ).call('POST', `/api/v1/admin/webhooks/events/${eventId}/resend`);
    expect(finance.body.meta.errorCode).toBe('FORBIDDEN');
    const support = await as('SUPPORT');
    const noCsrf = await support.call('POST', `/api/v1/admin/webhooks/events/${eventId}/resend`, {
      csrf: false,
    });
    expect([noCsrf.status, noCsrf.body.meta.errorCode]).toEqual([403, 'CSRF_TOKEN_INVALID']);
    const unknown = await support.call(
      'POST',
      '/api/v1/admin/webhooks/events/evt_000000000000000000000000/resend',
    );
    expect([unknown.status, unknown.body.meta.errorCode]).toEqual([404, 'EVENT_NOT_FOUND']);
    const audit = await stack.em().find(AuditEntrySchema, { action: 'webhook.resend', targetId: eventId });
    expect(audit).toHaveLength(0);
    const attempts = (await detail(refs.aPaid!)).body.data.webhooks[0].attempts;
    expect(attempts).toHaveLength(1);
  });

  it('needs a session', async () => {
    const anonymous = await stack.api('GET', '/api/v1/admin/payments');
    expect([anonymous.status, anonymous.body.meta.errorCode]).toEqual([401, 'SESSION_REQUIRED']);
  });
});
