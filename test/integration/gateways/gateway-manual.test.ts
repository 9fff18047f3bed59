import type { EntityManager } from '@mikro-orm/postgresql';
import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import { insertReceipt, storeReceiptCallback } from '../../../db/payments/manual-receipts.js';
import {
  expectClosedWithoutMoney,
  expectDeliveredOnce,
  expectSettledOnce,
  startGatewayE2E,
  type GatewayE2E,
} from '../../helpers/gateway-e2e.js';
import { recordHistoryFixture } from '../../helpers/history-fixtures.js';
import { eventually } from '../../helpers/eventually.js';
import { recordDecision } from '../../../db/refunds/refund-decisions.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';

/**
 * Manual payments end to end: the real API, worker, PostgreSQL and Temporal. The customer reads
 * the app's instructions and the reference to quote on our checkout, pays outside any gateway,
 * and a finance operator records the money; the payment's workflow applies that receipt like any
 * gateway's confirmation. Step-up guards large receipts; an app may ask for a second operator.
 */
describe('Manual payments end to end', () => {
  let e2e: GatewayE2E;
  const STEP_UP_ABOVE = 500_000;
  const AMOUNT = { amountMinor: 150_000, currency: 'BDT' };
  /** Money paid outside any gateway: no gateway fee. */
  const FEE = { feeMinor: null };
  const INSTRUCTIONS = 'Pay to Acme Ltd, account 0123456789, City Bank, Gulshan branch.';
  /** The API's clock runs this far ahead: signing in counts as a fresh password, until it does not. */
  let aheadMs = 0;
  const pastStepUpWindow = () => {
    aheadMs += 6 * 60_000;
  };
  const today = () => new Date().toISOString().slice(0, 10);
  /** Deadlines are the worker's (real) time: the API's clock must agree for a checkout to open. */
  const realClock = () => {
    aheadMs = 0;
  };

  beforeAll(async () => {
    e2e = await startGatewayE2E('manual', {
      payment: { currency: 'BDT', amountMinor: AMOUNT.amountMinor },
      credentials: { instructions: INSTRUCTIONS },
      stack: {
        clock: () => new Date(Date.now() + aheadMs),
        configOverrides: { MANUAL_RECEIPT_STEP_UP_ABOVE_MINOR: String(STEP_UP_ABOVE) },
      },
    });
  });
  afterAll(() => e2e?.close());

  /** A manual payment whose customer opened checkout: PENDING, waiting for the money. */
  async function awaitingPayment(overrides: Record<string, unknown> = {}) {
    const payment = await e2e.createPayment(overrides);
    const location = await e2e.stack.openCheckout(payment.reference);
    expect(location).toBe(`${e2e.stack.apiUrl}/checkout/${payment.reference}`);
    await e2e.waitForStatus(payment.reference, 'PENDING');
    return payment;
  }

  const receiptBody = (overrides: Record<string, unknown> = {}) => ({
    amountMinor: AMOUNT.amountMinor,
    receivedOn: today(),
    method: 'BANK_TRANSFER',
    bankReference: `CITY-${Math.random().toString(36).slice(2, 10)}`,
    ...overrides,
  });

  const record = async (reference: string, body: Record<string, unknown>) =>
    (await e2e.financeSession()).call('POST', `/api/v1/admin/payments/${reference}/receipts`, { body });

  it('the checkout shows the instructions and the reference to quote, and stays PENDING', async () => {
    const payment = await awaitingPayment();
    const page = await fetch(`${e2e.stack.apiUrl}/checkout/${payment.reference}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('data-testid="offline-instructions"');
    expect(html).toContain('Pay to Acme Ltd, account 0123456789');
    expect(html).toContain(`data-testid="quote-reference">${payment.reference}<`);
    expect(html).not.toContain('Continue to payment');
    const checkout = await e2e.stack.api('GET', `/api/v1/checkout/${payment.reference}`);
    expect(checkout.body.data).toMatchObject({ status: 'PENDING', gateway: 'manual' });
  });

  it('finance records the money: SUCCEEDED at once, one CAPTURE, one verified payment.succeeded', async () => {
    const payment = await awaitingPayment();
    const body = receiptBody({ note: 'Seen on the morning statement' });
    const recorded = await record(payment.reference, body);
    expect(recorded.status).toBe(201);
    expect(recorded.body.data).toMatchObject({
      paymentStatus: 'SUCCEEDED',
      receipt: { status: 'CONFIRMED', amountMinor: AMOUNT.amountMinor, bankReference: body.bankReference },
    });
    const { read } = await expectSettledOnce(e2e, payment, {
      ...AMOUNT,
      ...FEE,
      paymentMethod: 'BANK_TRANSFER',
    });
    expect(read.gatewayTransactionId).toBe(body.bankReference);
    await expectDeliveredOnce(e2e, 'payment.succeeded', payment.reference);

    // Nothing is recorded twice: the payment no longer waits for money.
    const again = await record(payment.reference, receiptBody());
    expect(again.status).toBe(409);
    expect(again.body.meta.errorCode).toBe('PAYMENT_NOT_AWAITING_RECEIPT');
    const audit = await e2e.stack
      .em()
      .execute<Array<{ action: string }>>(
        `select action from audit_log where target_type = 'payment' and target_id = ? order by id`,
        [String(payment.id)],
      );
    expect(audit.map((a) => a.action)).toEqual(['receipt.recorded']);
  });

  it('refuses what is not a receipt for this payment, as 4xx in the envelope', async () => {
    const payment = await awaitingPayment();
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [receiptBody({ amountMinor: AMOUNT.amountMinor - 1 }), 422, 'RECEIPT_AMOUNT_MISMATCH'],
      [receiptBody({ currency: 'USD' }), 422, 'RECEIPT_AMOUNT_MISMATCH'],
      [receiptBody({ receivedOn: '2999-01-01' }), 422, 'RECEIPT_DATE_IN_FUTURE'],
      [receiptBody({ receivedOn: '0000-01-01' }), 400, 'VALIDATION_ERROR'],
      [receiptBody({ receivedOn: '2026-02-31' }), 400, 'VALIDATION_ERROR'],
      [receiptBody({ bankReference: 'a\u0000b' }), 400, 'VALIDATION_ERROR'],
      [receiptBody({ method: 'CRYPTO' }), 400, 'VALIDATION_ERROR'],
      [
        receiptBody({
          proof: { fileName: 'slip.pdf', contentType: 'application/pdf', contentBase64: 'aGVsbG8=' },
        }),
        400,
        'VALIDATION_ERROR',
      ],
    ];
    for (const [body, status, code] of cases) {
      const response = await record(payment.reference, body);
      expect({ body, status: response.status, code: response.body.meta?.errorCode }).toEqual({
        body,
        status,
        code,
      });
    }
    expect((await e2e.readPayment(payment.reference)).status).toBe('PENDING');

    // Before the customer opened checkout, and for a payment a gateway takes, there is nothing to record.
    const created = await e2e.createPayment();
    expect((await record(created.reference, receiptBody())).body.meta.errorCode).toBe(
      'PAYMENT_NOT_AWAITING_RECEIPT',
    );
    const byCard = await e2e.createPayment({ gateway: 'sslcommerz' });
    const notOffline = await record(byCard.reference, receiptBody());
    expect(notOffline.status).toBe(409);
    expect(notOffline.body.meta.errorCode).toBe('PAYMENT_NOT_OFFLINE');

    // SUPPORT sees payments but records no money.
    const support = await e2e.stack.createOperator('SUPPORT');
    const session = await e2e.stack.adminLogin(support.email, support.password);
    const forbidden = await session.call('POST', `/api/v1/admin/payments/${payment.reference}/receipts`, {
      body: receiptBody(),
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.meta.errorCode).toBe('FORBIDDEN');
  });

  it('a receipt above the step-up amount needs the password again; its proof is kept and downloadable', async () => {
    const large = STEP_UP_ABOVE + 100;
    const payment = await awaitingPayment({ amountMinor: large });
    const pdf = Buffer.from('%PDF-1.4\n% bank slip\n');
    const body = receiptBody({
      amountMinor: large,
      method: 'CHEQUE',
      proof: { fileName: 'slip.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') },
    });
    pastStepUpWindow();
    const finance = await e2e.financeSession();
    const unstepped = await record(payment.reference, body);
    expect(unstepped.status).toBe(403);
    expect(unstepped.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
    expect((await e2e.readPayment(payment.reference)).status).toBe('PENDING');

    expect((await finance.stepUp()).status).toBe(200);
    const recorded = await record(payment.reference, body);
    expect(recorded.status).toBe(201);
    expect(recorded.body.data.paymentStatus).toBe('SUCCEEDED');
    expect(recorded.body.data.receipt.proof).toEqual({
      fileName: 'slip.pdf',
      contentType: 'application/pdf',
    });

    const proof = await fetch(
      `${e2e.stack.apiUrl}/api/v1/admin/receipts/${recorded.body.data.receipt.id}/proof`,
      { headers: { cookie: finance.cookie } },
    );
    expect(proof.status).toBe(200);
    expect(proof.headers.get('content-disposition')).toBe('attachment; filename="slip.pdf"');
    expect(Buffer.from(await proof.arrayBuffer())).toEqual(pdf);
  });

  it('maker-checker: a second operator approves; the maker cannot; a rejected receipt leaves it PENDING', async () => {
    const maker = await e2e.financeSession();
    const checkerOperator = await e2e.stack.createOperator('ADMIN');
    const checker = await e2e.stack.adminLogin(checkerOperator.email, checkerOperator.password);
    const approvals = `/api/v1/admin/apps/${e2e.appId}/receipt-approvals/TEST`;
    // Two operators is stricter than one: it applies at once.
    expect((await maker.stepUp()).status).toBe(200);
    const tightened = await maker.call('PUT', approvals, { body: { approvals: 2 } });
    expect(tightened.status).toBe(200);
    expect(tightened.body.data).toEqual({ approvals: 2 });
    try {
      const payment = await awaitingPayment();

      const first = await record(payment.reference, receiptBody({ method: 'CASH' }));
      expect(first.status).toBe(201);
      expect(first.body.data).toMatchObject({
        paymentStatus: 'PENDING',
        receipt: { status: 'AWAITING_APPROVAL' },
      });
      const own = await maker.call('POST', `/api/v1/admin/receipts/${first.body.data.receipt.id}/approve`, {
        body: {},
      });
      expect(own.status).toBe(403);
      expect(own.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
      const rejected = await checker.call(
        'POST',
        `/api/v1/admin/receipts/${first.body.data.receipt.id}/reject`,
        {
          body: { comment: 'not on the statement' },
        },
      );
      expect(rejected.body.data).toMatchObject({ paymentStatus: 'PENDING', receipt: { status: 'REJECTED' } });

      const second = await record(payment.reference, receiptBody());
      expect(second.body.data.receipt.status).toBe('AWAITING_APPROVAL');
      // The checker finds it in the queue of receipts waiting for a second operator.
      const queue = await checker.call('GET', '/api/v1/admin/receipts?status=AWAITING_APPROVAL&size=100');
      expect(queue.body.data.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: second.body.data.receipt.id, paymentReference: payment.reference }),
        ]),
      );
      const queuePage = await fetch(`${e2e.stack.apiUrl}/admin/receipts`, {
        headers: { cookie: checker.cookie },
      });
      expect(await queuePage.text()).toContain(`data-testid="receipt-row-${second.body.data.receipt.id}"`);
      const waiting = await record(payment.reference, receiptBody());
      expect(waiting.body.meta.errorCode).toBe('RECEIPT_ALREADY_RECORDED');
      const approved = await checker.call(
        'POST',
        `/api/v1/admin/receipts/${second.body.data.receipt.id}/approve`,
        {
          body: { comment: 'matches the statement' },
        },
      );
      expect(approved.status).toBe(200);
      expect(approved.body.data).toMatchObject({
        paymentStatus: 'SUCCEEDED',
        receipt: { status: 'CONFIRMED' },
      });
      await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'BANK_TRANSFER' });
      const listed = await checker.call('GET', `/api/v1/admin/payments/${payment.reference}/receipts`);
      expect(listed.body.data).toMatchObject({ offline: true, approvalsRequired: 2 });
      expect(listed.body.data.receipts.map((r: { status: string }) => r.status)).toEqual([
        'CONFIRMED',
        'REJECTED',
      ]);
    } finally {
      // Back to one operator: a loosening, so the maker proposes it and an ADMIN approves it.
      expect((await maker.stepUp()).status).toBe(200);
      const proposal = await maker.call('PUT', approvals, { body: { approvals: 1 } });
      expect(proposal.status).toBe(202);
      expect((await checker.stepUp()).status).toBe(200);
      const approved = await checker.call(
        'POST',
        `/api/v1/admin/control-changes/${proposal.body.data.id}/approve`,
        {
          body: {},
        },
      );
      expect(approved.body.data.status).toBe('APPROVED');
    }
  });

  it('expiry still applies: unpaid, the payment is EXPIRED at its deadline and takes no receipt after', async () => {
    realClock();
    const payment = await e2e.createPayment();
    await e2e.expireIn(payment.reference, 8);
    await e2e.stack.openCheckout(payment.reference);
    await e2e.waitForStatus(payment.reference, 'EXPIRED', 20_000);
    await expectClosedWithoutMoney(e2e, payment.reference, 'EXPIRED', 'payment.expired');
    const late = await record(payment.reference, receiptBody());
    expect(late.status).toBe(409);
    expect(late.body.meta.errorCode).toBe('PAYMENT_NOT_AWAITING_RECEIPT');
  });

  /**
   * What recording a receipt commits before it tells the workflow, as a crash right after the
   * commit leaves it: a confirmed receipt and its stored callback, handed over never.
   */
  async function confirmedWithoutHandOver(payment: { id: number; reference: string }, bankReference: string) {
    const operator = await e2e.stack.createOperator('FINANCE');
    await e2e.stack.orm.em.fork().transactional(async (tx) => {
      const receipt = await insertReceipt(tx as EntityManager, {
        paymentId: payment.id,
        reference: payment.reference,
        amountMinor: AMOUNT.amountMinor,
        currency: AMOUNT.currency,
        receivedOn: today(),
        method: 'BANK_TRANSFER',
        bankReference,
        note: null,
        proof: null,
        status: 'CONFIRMED',
        recordedBy: operator.id,
      });
      const callbackId = await storeReceiptCallback(tx as EntityManager, receipt!, 'manual');
      await tx.execute(
        `update gateway_callbacks set handed_over_at = now() - interval '10 minutes' where id = ?`,
        [callbackId],
      );
    });
  }

  it('a receipt whose hand-over was lost is found when the deadline asks: SUCCEEDED, not EXPIRED', async () => {
    realClock();
    const payment = await e2e.createPayment();
    await e2e.expireIn(payment.reference, 4);
    await e2e.stack.openCheckout(payment.reference);
    await e2e.waitForStatus(payment.reference, 'PENDING');
    await confirmedWithoutHandOver(payment, 'LOST-HANDOVER-1');
    await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'BANK_TRANSFER' });
  });

  it('a receipt whose hand-over was lost is handed over by the sweeper, long before the deadline', async () => {
    realClock();
    const payment = await awaitingPayment();
    await confirmedWithoutHandOver(payment, 'LOST-HANDOVER-2');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await e2e.readPayment(payment.reference)).status).toBe('PENDING');

    const sweep = await createSweeperActivities({
      orm: e2e.stack.orm,
      temporal: { client: e2e.stack.client, taskQueue: e2e.stack.config.TEMPORAL_TASK_QUEUE },
    }).sweepStranded();
    expect(sweep.callbacksHandedOver).toBeGreaterThanOrEqual(1);
    await expectSettledOnce(e2e, payment, { ...AMOUNT, ...FEE, paymentMethod: 'BANK_TRANSFER' });
    const facts = await e2e.facts(payment.reference);
    expect(facts.callbacks).toEqual([expect.objectContaining({ outcome: expect.any(String) })]);
  });

  it('a notification claiming a manual payment was paid changes nothing', async () => {
    const payment = await awaitingPayment();
    const forged = await fetch(`${e2e.stack.apiUrl}/api/v1/gateways/manual/ipn`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        reference: payment.reference,
        status: 'PAID',
        amount: '1500.00',
      }).toString(),
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const facts = await e2e.facts(payment.reference);
    expect(facts.status).toBe('PENDING');
    expect(facts.journalKinds).toEqual([]);
  });

  it('refunds are paid back by hand: partial then full, each confirmed by finance, REFUNDED', async () => {
    const payment = await awaitingPayment();
    await record(payment.reference, receiptBody());
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');

    for (const [amountMinor, after] of [
      [50_000, 'PARTIALLY_REFUNDED'],
      [100_000, 'REFUNDED'],
    ] as const) {
      const asked = await e2e.refund(payment.reference, {
        amountMinor,
        reason: 'returned goods',
        manualConfirmation: true,
      });
      expect(asked.status).toBe(201);
      const reference = asked.body.data.reference as string;
      const waiting = await e2e.manualRefundState(reference);
      expect(waiting).toMatchObject({ status: 'PROCESSING', awaitingConfirmation: expect.any(Object) });
      pastStepUpWindow();
      const finance = await e2e.financeSession();
      expect((await finance.stepUp()).status).toBe(200);
      const confirmed = await e2e.confirmRefund(reference, {
        outcome: 'SUCCEEDED',
        gatewayRefundId: `CASH-BACK-${amountMinor}`,
        note: 'paid back at the counter',
      });
      expect(confirmed.status).toBe(200);
      expect((await e2e.settledRefund(reference)).status).toBe('SUCCEEDED');
      await e2e.waitForStatus(payment.reference, after);
    }
  });

  it('a refund an operator asked for is confirmed by someone else: the admin API, the dashboard form and a forged update refuse the requester', async () => {
    realClock();
    const payment = await awaitingPayment();
    await record(payment.reference, receiptBody());
    await e2e.waitForStatus(payment.reference, 'SUCCEEDED');
    const { stack } = e2e;
    const signedIn = async () => {
      const operator = await stack.createOperator('FINANCE');
      return { operator, session: await stack.adminLogin(operator.email, operator.password) };
    };
    const a = await signedIn();
    const b = await signedIn();

    const asked = await a.session.call('POST', `/api/v1/admin/payments/${payment.reference}/refunds`, {
      body: { amountMinor: 20_000, reason: 'returned goods' },
    });
    expect(asked.status).toBe(201);
    expect(asked.body.data.requestedByOperatorId).toBe(a.operator.id);
    const reference = asked.body.data.reference as string;
    if (asked.body.data.status === 'PENDING_APPROVAL') {
      expect((await b.session.stepUp()).status).toBe(200);
      const approved = await b.session.call('POST', `/api/v1/admin/refunds/${reference}/approve`, {
        body: {},
      });
      expect(approved.status).toBe(200);
    }
    expect(await e2e.manualRefundState(reference)).toMatchObject({
      status: 'PROCESSING',
      awaitingConfirmation: expect.any(Object),
    });

    // The admin API answers the requester at once, before recording anything.
    const confirmation = {
      outcome: 'SUCCEEDED',
      gatewayRefundId: 'CASH-BACK-A',
      note: 'paid back at the counter',
    };
    const self = await a.session.call('POST', `/api/v1/admin/refunds/${reference}/confirm`, {
      body: confirmation,
    });
    expect(self.status).toBe(403);
    expect(self.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    // So does the dashboard's form.
    const form = (session: typeof a.session, fields: Record<string, string>) =>
      stack.api('POST', `/admin/refunds/${reference}/confirm`, {
        rawBody: new URLSearchParams({ _csrf: session.csrfToken, ...fields }).toString(),
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const flash = (response: { headers: Headers }) =>
      new URL(response.headers.get('location') ?? '/', 'http://x').searchParams;
    const selfForm = await form(a.session, confirmation);
    expect(selfForm.status).toBe(302);
    expect(flash(selfForm).get('error')).toContain('someone other than the operator who asked');

    // Straight to Temporal: an operator in the message (claiming ADMIN), and the requester's own
    // confirmation as only a database writer could record it.
    const handle = stack.client.workflow.getHandle(workflowIds.refund(reference));
    await expect(
      handle.executeUpdate('confirmRefund', {
        args: [
          {
            operator: { operatorId: b.operator.id, email: b.operator.email, role: 'ADMIN', ip: null },
            outcome: 'SUCCEEDED',
            gatewayRefundId: null,
            note: 'forged',
          },
        ],
      }),
    ).rejects.toMatchObject({ cause: { type: 'FORBIDDEN' } });
    const own = await recordDecision(stack.em(), {
      refundId: asked.body.data.id as number,
      stage: 'CONFIRMATION',
      verdict: 'SUCCEEDED',
      gatewayRefundId: null,
      comment: 'forged',
      operator: { operatorId: a.operator.id, role: 'FINANCE', email: a.operator.email, ip: null },
    });
    await expect(
      handle.executeUpdate('confirmRefund', { args: [{ decisionId: own.id }] }),
    ).rejects.toMatchObject({
      cause: { type: 'SELF_APPROVAL_FORBIDDEN' },
    });
    expect(await e2e.manualRefundState(reference)).toMatchObject({
      status: 'PROCESSING',
      awaitingConfirmation: expect.any(Object),
    });
    expect(await e2e.ledgerLines('refund', reference)).toEqual([]);

    // A second person confirms from the dashboard: the refund finishes and the money is booked.
    const byB = await form(b.session, { ...confirmation, gatewayRefundId: 'CASH-BACK-B' });
    expect(byB.status).toBe(302);
    expect(flash(byB).get('ok')).toContain(`Refund ${reference} confirmed`);
    expect((await e2e.settledRefund(reference)).status).toBe('SUCCEEDED');
    expect(await e2e.ledgerLines('refund', reference)).toHaveLength(2);
    const [audit] = await stack
      .em()
      .execute<Array<{ actor_label: string }>>(
        `select actor_label from audit_log where action = 'refund.confirmed' and target_id = ?`,
        [reference],
      );
    expect(audit?.actor_label).toBe(b.operator.email);
    await eventually(
      async () => (await handle.describe()).status.name === 'COMPLETED',
      10_000,
      'workflow closed',
    );
    await recordHistoryFixture(`refund-${reference}`, 'refund-confirmed-by-second-operator-after-forgeries');
  });
});
