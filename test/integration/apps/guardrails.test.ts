import { auditRows } from '../../helpers/apps-admin.js';
import { startStack, type ApiResponse, type Credentials, type Stack } from '../../helpers/stack.js';

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

/**
 * Per-app guardrails on money movement, through the admin and app APIs on a real stack: limits
 * per payment and per day (a payment over one is refused, a refund over one waits for an
 * approver), a velocity cap, the refund-to-sales alarm, kill switches for the app and for a
 * gateway, and the four eyes on loosening any of them.
 */
describe('per-app guardrails', () => {
  let stack: Stack;
  let adminA: Session;
  let adminB: Session;

  beforeAll(async () => {
    stack = await startStack();
    const signIn = async () => {
      const operator = await stack.createOperator('ADMIN');
      return stack.adminLogin(operator.email, operator.password);
    };
    adminA = await signIn();
    adminB = await signIn();
  });
  afterAll(() => stack?.close());

  const NONE = {
    moneyMovementStopped: false,
    stoppedGateways: [],
    velocityPerMinute: null,
    refundRatioAlarmPercent: null,
    limits: [],
  };
  const setGuardrails = (session: Session, appId: number, body: Record<string, unknown>) =>
    session.call('PUT', `/api/v1/admin/apps/${appId}/guardrails/TEST`, { body: { ...NONE, ...body } });
  const guardrailsOf = async (appId: number) =>
    (await adminA.call('GET', `/api/v1/admin/apps/${appId}/guardrails`)).body.data;
  let counter = 0;
  const pay = (creds: Credentials, amountMinor: number, extra: Record<string, unknown> = {}) =>
    stack.api('POST', '/api/v1/payments', {
      creds,
      headers: { 'Idempotency-Key': `g-${(counter += 1)}` },
      body: { amountMinor, currency: 'BDT', customerReference: 'cust_1', ...extra },
    });
  const refund = (creds: Credentials, payment: string, amountMinor: number) =>
    stack.api('POST', `/api/v1/payments/${payment}/refunds`, {
      creds,
      headers: { 'Idempotency-Key': `r-${(counter += 1)}` },
      body: { amountMinor },
    });
  const payout = (creds: Credentials, amountMinor: number) =>
    stack.api('POST', '/api/v1/payouts', {
      creds,
      headers: { 'Idempotency-Key': `p-${(counter += 1)}` },
      body: { amountMinor, beneficiary: { type: 'BKASH_WALLET', walletNumber: '01811000001' } },
    });
  const refusedWith = (response: ApiResponse, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.body.meta).toMatchObject({ success: false, errorCode: code });
  };

  it('a payment over the per-payment limit is refused with LIMIT_EXCEEDED; tightening applies at once', async () => {
    const app = await stack.registerApp();
    const set = await setGuardrails(adminA, app.app.id, {
      limits: [{ kind: 'PAYMENT', currency: 'BDT', perTransactionMinor: 5000, perDayMinor: 12000 }],
    });
    expect(set.status).toBe(200);
    const over = await pay(app.test, 5001);
    refusedWith(over, 403, 'LIMIT_EXCEEDED');
    expect(over.body.meta.details).toMatchObject({
      kind: 'PAYMENT',
      limit: 'PER_TRANSACTION',
      limitMinor: 5000,
    });
    expect((await pay(app.test, 5000)).status).toBe(201);
    expect((await pay(app.test, 5000)).status).toBe(201);
    // 10,000 of 12,000 used today: 2,001 more is over the day's limit.
    const overDay = await pay(app.test, 2001);
    refusedWith(overDay, 403, 'LIMIT_EXCEEDED');
    expect(overDay.body.meta.details).toMatchObject({ limit: 'PER_DAY', limitMinor: 12000 });
    expect((await pay(app.test, 2000)).status).toBe(201);
    // USD has no limit.
    expect((await pay(app.test, 900000, { currency: 'USD' })).status).not.toBe(403);
    const audit = await auditRows(stack, { action: 'guardrails.updated', targetId: app.app.id });
    expect(audit).toHaveLength(1);
  });

  it('the kill switch stops payments and refunds at once; resuming waits for a second ADMIN', async () => {
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test, { amountMinor: 10000 });
    const stop = await setGuardrails(adminA, app.app.id, { moneyMovementStopped: true });
    expect(stop.status).toBe(200);
    const payment = await pay(app.test, 1000);
    refusedWith(payment, 403, 'APP_SUSPENDED');
    expect(payment.body.meta.message).toContain('kill switch');
    refusedWith(await refund(app.test, paid.reference, 100), 403, 'APP_SUSPENDED');
    refusedWith(await payout(app.test, 1000), 403, 'APP_SUSPENDED');
    // Reads go on.
    expect((await stack.api('GET', `/api/v1/payments/${paid.reference}`, { creds: app.test })).status).toBe(
      200,
    );

    const resume = await setGuardrails(adminA, app.app.id, { moneyMovementStopped: false });
    expect(resume.status).toBe(202);
    expect(resume.body.data).toMatchObject({ kind: 'GUARDRAILS', status: 'PENDING' });
    expect((await guardrailsOf(app.app.id)).TEST.guardrails.moneyMovementStopped).toBe(true);
    refusedWith(await pay(app.test, 1000), 403, 'APP_SUSPENDED');

    const self = await adminA.call('POST', `/api/v1/admin/control-changes/${resume.body.data.id}/approve`, {
      body: {},
    });
    refusedWith(self, 403, 'SELF_APPROVAL_FORBIDDEN');
    const approved = await adminB.call(
      'POST',
      `/api/v1/admin/control-changes/${resume.body.data.id}/approve`,
      {
        body: { comment: 'incident closed' },
      },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.data.status).toBe('APPROVED');
    expect((await pay(app.test, 1000)).status).toBe(201);
  });

  it('loosening a limit is a proposal until a second ADMIN approves it', async () => {
    const app = await stack.registerApp();
    const limits = (perTransactionMinor: number) => [
      { kind: 'PAYMENT', currency: 'BDT', perTransactionMinor, perDayMinor: null },
    ];
    expect((await setGuardrails(adminA, app.app.id, { limits: limits(3000) })).status).toBe(200);
    const raise = await setGuardrails(adminA, app.app.id, { limits: limits(8000) });
    expect(raise.status).toBe(202);
    refusedWith(await pay(app.test, 5000), 403, 'LIMIT_EXCEEDED');
    const approved = await adminB.call(
      'POST',
      `/api/v1/admin/control-changes/${raise.body.data.id}/approve`,
      {
        body: {},
      },
    );
    expect(approved.status).toBe(200);
    expect((await pay(app.test, 5000)).status).toBe(201);
    // Lowering it again is tightening: at once.
    expect((await setGuardrails(adminA, app.app.id, { limits: limits(4000) })).status).toBe(200);
    refusedWith(await pay(app.test, 5000), 403, 'LIMIT_EXCEEDED');
  });

  it('a gateway switched off is refused when named and not offered at checkout', async () => {
    const app = await stack.registerApp();
    expect((await setGuardrails(adminA, app.app.id, { stoppedGateways: ['sslcommerz'] })).status).toBe(200);
    const named = await pay(app.test, 1000, { gateway: 'sslcommerz' });
    refusedWith(named, 403, 'GATEWAY_SWITCHED_OFF');
    const unnamed = await pay(app.test, 1000);
    expect(unnamed.status).not.toBe(201);
    expect(unnamed.body.meta.errorCode).toBe('GATEWAY_NOT_FOUND');
  });

  it('the velocity cap answers 429 VELOCITY_LIMITED past its count in a minute', async () => {
    const app = await stack.registerApp();
    expect((await setGuardrails(adminA, app.app.id, { velocityPerMinute: 2 })).status).toBe(200);
    expect((await pay(app.test, 1000)).status).toBe(201);
    expect((await pay(app.test, 1000)).status).toBe(201);
    refusedWith(await pay(app.test, 1000), 429, 'VELOCITY_LIMITED');
  });

  it('a refund over the refund limit waits for an approver instead of failing', async () => {
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test, { amountMinor: 10000 });
    expect(
      (
        await setGuardrails(adminA, app.app.id, {
          limits: [{ kind: 'REFUND', currency: 'BDT', perTransactionMinor: 2000, perDayMinor: 3000 }],
        })
      ).status,
    ).toBe(200);
    const small = await refund(app.test, paid.reference, 1500);
    expect(small.status).toBe(201);
    expect(small.body.data.status).toBe('PROCESSING');
    const large = await refund(app.test, paid.reference, 2500);
    expect(large.status).toBe(201);
    expect(large.body.data.status).toBe('PENDING_APPROVAL');
    // 1,500 + 2,500 held today: 1,000 more is over the day's 3,000.
    const overDay = await refund(app.test, paid.reference, 1000);
    expect(overDay.status).toBe(201);
    expect(overDay.body.data.status).toBe('PENDING_APPROVAL');
  });

  it('a payout over the payout limit waits for an approver instead of failing', async () => {
    const app = await stack.registerApp();
    const set = await setGuardrails(adminA, app.app.id, {
      limits: [{ kind: 'PAYOUT', currency: 'BDT', perTransactionMinor: 5000, perDayMinor: 8000 }],
    });
    expect(set.status).toBe(200);
    const within = await payout(app.test, 5000);
    expect(within.status).toBe(201);
    expect(within.body.data.status).toBe('SCHEDULED');
    const overOne = await payout(app.test, 5001);
    expect(overOne.status).toBe(201);
    expect(overOne.body.data.status).toBe('WAITING_APPROVAL');
    // 5,000 and the waiting 5,001 are today's: 3,000 more splits nothing past the day's limit.
    const overDay = await payout(app.test, 3000);
    expect(overDay.body.data.status).toBe('WAITING_APPROVAL');
  });

  it("concurrent payouts cannot split the day's limit: the excess waits for an approver", async () => {
    const app = await stack.registerApp();
    const set = await setGuardrails(adminA, app.app.id, {
      limits: [{ kind: 'PAYOUT', currency: 'BDT', perTransactionMinor: null, perDayMinor: 10000 }],
    });
    expect(set.status).toBe(200);
    // Eight of 2,000 at once: 16,000 against a day of 10,000.
    const answers = await Promise.all(Array.from({ length: 8 }, () => payout(app.test, 2000)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    const statuses = answers.map((answer) => answer.body.data.status as string);
    const scheduled = statuses.filter((status) => status === 'SCHEDULED');
    expect(scheduled).toHaveLength(5);
    expect(statuses.filter((status) => status === 'WAITING_APPROVAL')).toHaveLength(3);
  });

  it("concurrent refunds by the app and an operator cannot split the day's limit: the excess waits", async () => {
    const app = await stack.registerApp();
    const paid = [];
    for (let n = 0; n < 4; n += 1) paid.push(await stack.paidPayment(app.test, { amountMinor: 5000 }));
    const set = await setGuardrails(adminA, app.app.id, {
      limits: [{ kind: 'REFUND', currency: 'BDT', perTransactionMinor: null, perDayMinor: 4000 }],
    });
    expect(set.status).toBe(200);
    const finance = await stack.createOperator('FINANCE');
    const operator = await stack.adminLogin(finance.email, finance.password);
    expect((await operator.stepUp()).status).toBe(200);
    // Eight of 1,000 at once, half by the app's key and half by the operator: 8,000 against 4,000.
    const answers = await Promise.all(
      paid.flatMap((payment) => [
        refund(app.test, payment.reference, 1000),
        operator.call('POST', `/api/v1/admin/payments/${payment.reference}/refunds`, {
          body: { amountMinor: 1000, reason: 'customer returned the goods' },
        }),
      ]),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
    const statuses = answers.map((answer) => answer.body.data.status as string);
    expect(statuses.filter((status) => status === 'PROCESSING')).toHaveLength(4);
    expect(statuses.filter((status) => status === 'PENDING_APPROVAL')).toHaveLength(4);
  });

  it("concurrent payments cannot split the day's limit: the excess is refused", async () => {
    const app = await stack.registerApp();
    const set = await setGuardrails(adminA, app.app.id, {
      limits: [{ kind: 'PAYMENT', currency: 'BDT', perTransactionMinor: null, perDayMinor: 10000 }],
    });
    expect(set.status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 8 }, () => pay(app.test, 2000)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 403, 403, 403]);
    for (const refused of answers.filter((answer) => answer.status === 403)) {
      expect(refused.body.meta.details).toMatchObject({ limit: 'PER_DAY', limitMinor: 10000 });
    }
  });

  it("the day's refunds over the alarm threshold of its sales raise the alarm once, audited and shown", async () => {
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test, { amountMinor: 10000 });
    expect((await setGuardrails(adminA, app.app.id, { refundRatioAlarmPercent: 20 })).status).toBe(200);
    expect((await refund(app.test, paid.reference, 1500)).status).toBe(201);
    expect(
      await auditRows(stack, { action: 'guardrails.refund_ratio_alarm', targetId: app.app.id }),
    ).toHaveLength(0);
    expect((await refund(app.test, paid.reference, 1000)).status).toBe(201);
    expect((await refund(app.test, paid.reference, 500)).status).toBe(201);
    const alarms = await auditRows(stack, { action: 'guardrails.refund_ratio_alarm', targetId: app.app.id });
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.after).toMatchObject({ refundsMinor: 2500, salesMinor: 10000, thresholdPercent: 20 });
    expect((await guardrailsOf(app.app.id)).refundRatioAlarms).toEqual([
      expect.objectContaining({ mode: 'TEST', currency: 'BDT', refundsMinor: 2500, salesMinor: 10000 }),
    ]);
    const metrics = await stack.api('GET', '/metrics');
    expect(String(metrics.body)).toMatch(
      new RegExp(`refund_ratio_alarms_total\\{app_id="${app.app.id}",mode="TEST"\\} 1`),
    );
  });

  it("the app's page shows its guardrails and its form stops money movement at once", async () => {
    const app = await stack.registerApp();
    const page = () => stack.api('GET', `/admin/apps/${app.app.id}`, { headers: { cookie: adminA.cookie } });
    const before = await page();
    expect(before.status).toBe(200);
    expect(before.body).toContain('data-testid="guardrails-form-TEST"');
    expect(before.body).toMatch(/data-testid="guardrails-state-TEST">Money movement on/);
    const stopped = await stack.api('POST', `/admin/apps/${app.app.id}/controls/TEST/guardrails`, {
      rawBody: new URLSearchParams({
        _csrf: adminA.csrfToken,
        moneyMovementStopped: 'on',
        stoppedGateways: '',
        velocityPerMinute: '',
        refundRatioAlarmPercent: '',
        // Limits are typed in the currency's major unit: 50.00 BDT each.
        limitRows: '1',
        limitKind_0: 'PAYMENT',
        limitCurrency_0: 'BDT',
        perTransaction_0: '50.00',
        perDay_0: '',
      }).toString(),
      headers: { cookie: adminA.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(stopped.status).toBe(302);
    expect((await page()).body).toMatch(/data-testid="guardrails-state-TEST">Money movement STOPPED/);
    expect((await page()).body).toContain('PAYMENT each ≤ 50.00 BDT');
    refusedWith(await pay(app.test, 1000), 403, 'APP_SUSPENDED');
  });
});
