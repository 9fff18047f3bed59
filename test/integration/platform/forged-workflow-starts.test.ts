import { Readable } from 'node:stream';
import { importSettlementReport } from '../../../activities/reconciliation/settlement-imports.js';
import { startRefundWorkflow } from '../../../activities/refunds/refund-starts.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { takePayoutBatch } from '../../../activities/payouts/payout-batch-taking.js';
import { apiPayoutTimings } from '../../../api/payouts/payout-rails.js';
import { validBatchLines } from '../../../api/payouts/payout-batch-requests.js';
import { currentHealth } from '../../../db/gateway-health/health.js';
import { insertPayout, movePayout } from '../../../db/payouts/payouts.js';
import type { Beneficiary } from '../../../gateways/payouts/rail.js';
import { newPayoutReference } from '../../../domain/shared/ids.js';
import { walletLine } from '../../helpers/payout-batches.js';
import { recordDispute } from '../../../db/disputes/disputes.js';
import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import { paymentCandidates } from '../../../db/reconciliation/recon-candidates.js';
import { refundView } from '../../../db/refunds/refund-view.js';
import type { Refund } from '../../../db/refunds/refunds.js';
import { takeRefund } from '../../../activities/refunds/refund-taking.js';
import { newRefundReference, randomToken } from '../../../domain/shared/ids.js';
import { DEFAULT_PAYOUT_WINDOW_DAYS } from '../../../domain/reconciliation/payout-matching.js';
import { DEFAULT_GRACE_DAYS, graceEndsAt } from '../../../domain/reconciliation/reconciliation.js';
import { uniqueSettlementDay } from '../../helpers/settlement-days.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../../helpers/stack.js';
import { endOf as endOfRun } from '../../helpers/workflow-ends.js';

/**
 * Anyone who can reach Temporal can start any workflow with any input and send it any message.
 * None of that is evidence: money moves, and a financial state changes, only on what PostgreSQL
 * records (the gateway's answers, the operators' decisions). Each workflow kind is started here
 * directly with forged inputs, and nothing may be booked; the legitimate flow still works.
 */
/*
 * Most tests make what they forge against of their own (an app, a payment, a refund, a settlement
 * day) and wait mostly on workflows: they run side by side, Jest's maxConcurrency at a time. The
 * few that read or change what every test shares stay one after another, after them: the sweep
 * (it starts the workflows of rows other tests leave without one on purpose), every delivery to
 * the shared webhook receiver, the count of all disputes, every gateway's health, and the ledger
 * verification gate.
 */
describe('workflows started directly with forged inputs book nothing', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    // Nothing listens at the mail server's address: every message is deferred and retried.
    stack = await startStack({ configOverrides: { SMTP_URL: 'smtp://127.0.0.1:9' } });
    receiver = await startWebhookReceiver();
  }, 120_000);
  afterAll(async () => {
    await receiver?.close();
    await stack?.close();
  });

  const forgedId = (kind: string) => `forged-${kind}-${randomToken(8)}`;
  const start = (workflowType: string, input: unknown, kind = workflowType) =>
    stack.client.workflow.start(workflowType, {
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      workflowId: forgedId(kind),
      args: [input],
    });

  const endOf = (result: Promise<unknown>, withinMs = 60_000) => endOfRun(result, withinMs);

  /** A refund taken and committed as the API takes it, but with no workflow started for it. */
  async function takenRefund(
    paymentId: number,
    amountMinor?: number,
    routed?: { route: 'GATEWAY' | 'PAYOUT'; destination: Beneficiary },
  ): Promise<Refund> {
    const taken = await takeRefund(
      stack.em(),
      { id: paymentId },
      {
        reference: newRefundReference(),
        reason: 'forged start drill',
        metadata: {},
        idempotencyKey: null,
        ...(amountMinor !== undefined && { amountMinor }),
        ...routed,
      },
      refundView,
      3_600_000,
    );
    if (!('refund' in taken)) throw new Error('refund refused');
    return taken.refund;
  }

  const refundRow = async (id: number) =>
    (
      await stack
        .em()
        .execute<Array<{ status: string; confirmation_requested_at: Date | null }>>(
          'select status, confirmation_requested_at from refunds where id = ?',
          [id],
        )
    )[0]!;
  const eventsOf = async (sourceId: string) =>
    (
      await stack
        .em()
        .execute<Array<{ type: string }>>('select type from events where source_id = ? order by id', [
          sourceId,
        ])
    ).map((row) => row.type);
  const auditOf = async (targetId: string) =>
    (
      await stack
        .em()
        .execute<Array<{ action: string }>>('select action from audit_log where target_id = ? order by id', [
          targetId,
        ])
    ).map((row) => row.action);

  /** A new app's paid SSLCOMMERZ payment, as reconciliation looks for it in a report. */
  async function paidCandidate() {
    const app = await stack.registerApp();
    const paid = await stack.paidPayment(app.test);
    const [payment] = await paymentCandidates(
      stack.em(),
      { gateway: 'sslcommerz', mode: 'TEST' },
      { transactionIds: [], references: [paid.reference] },
    );
    return payment!;
  }
  /** The id of the payment.succeeded event recorded for a payment. */
  const succeededEventOf = async (reference: string) =>
    (
      await stack
        .em()
        .execute<Array<{ id: string }>>(
          `select id from events where source_id = ? and type = 'payment.succeeded'`,
          [reference],
        )
    )[0]!.id;
  /** A payment of an app with a webhook endpoint, its payment.succeeded already delivered there. */
  async function deliveredPayment(amountMinor: number) {
    const app = await stack.registerApp();
    await stack.setWebhook(app.app.id, receiver.url);
    const payment = await stack.paidPayment(app.test, { amountMinor });
    const eventId = await succeededEventOf(payment.reference);
    await eventually(async () => receiver.received.some((r) => r.body.includes(eventId)), 20_000);
    return { app, payment, eventId };
  }
  /** The id of a real, confirmed callback of a payment. */
  const callbackOf = async (reference: string) =>
    Number(
      (
        await stack
          .em()
          .execute<Array<{ id: string }>>(
            'select c.id from gateway_callbacks c join payments p on p.id = c.payment_id where p.reference = ? limit 1',
            [reference],
          )
      )[0]!.id,
    );

  const readRefund = async (creds: Credentials, reference: string) =>
    (await stack.api('GET', `/api/v1/refunds/${reference}`, { creds })).body.data;

  /** A forged run left the refund as it found it: still PROCESSING, nothing booked or announced. */
  const expectRefundUnbooked = async (refund: { id: number; reference: string }) => {
    expect((await refundRow(refund.id)).status).toBe('PROCESSING');
    expect(await ledgerLinesForSource(stack.em(), 'refund', refund.reference)).toEqual([]);
    expect(await eventsOf(refund.reference)).not.toContain('refund.succeeded');
  };

  it.concurrent(
    'a refund run claiming the gateway said SUCCEEDED books nothing; the real run books the refund',
    async () => {
      const app = await stack.registerApp();
      const payment = await stack.paidPayment(app.test, { amountMinor: 6000 });
      const refund = await takenRefund(payment.id);

      const forged = await start(
        'refundWorkflow',
        {
          refundId: refund.id,
          reference: refund.reference,
          createdEventId: null,
          progress: { outcome: 'SUCCEEDED', gatewayRefundId: null, reason: null },
        },
        'refund',
      );
      expect(await endOf(forged.result())).toBe('REFUND_OUTCOME_UNRECORDED');

      await expectRefundUnbooked(refund);
      expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
        status: 'SUCCEEDED',
        refundedMinor: 0,
      });
      // The attempt is on the audit trail, with nothing else.
      expect(await auditOf(refund.reference)).toEqual(['refund.booking_refused']);

      // The refund's own run asks the gateway, records its answer and books it.
      await startRefundWorkflow(
        { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
        stack.em(),
        { refund },
      );
      await eventually(
        async () => (await readRefund(app.test, refund.reference)).status === 'SUCCEEDED',
        90_000,
        'the real refund run books it',
      );
      expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
        status: 'REFUNDED',
        refundedMinor: 6000,
      });
      expect(await ledgerLinesForSource(stack.em(), 'refund', refund.reference)).toHaveLength(2);
      const [answers] = await stack
        .em()
        .execute<Array<{ count: string }>>(
          `select count(*) from refund_gateway_answers where refund_id = ? and outcome = 'SUCCEEDED'`,
          [refund.id],
        );
      expect(Number(answers!.count)).toBeGreaterThanOrEqual(1);
    },
    120_000,
  );

  it.concurrent(
    "a continued refund run naming another refund's gateway id books nothing",
    async () => {
      const app = await stack.registerApp();
      // A refund that really succeeded at the gateway: its gateway id is what the forged run names.
      const donor = await stack.paidPayment(app.test, { amountMinor: 3000 });
      const asked = await stack.api('POST', `/api/v1/payments/${donor.reference}/refunds`, {
        creds: app.test,
        body: {},
      });
      expect(asked.status).toBe(201);
      const succeeded = await eventually(async () => {
        const read = await readRefund(app.test, asked.body.data.reference);
        return read.status === 'SUCCEEDED' ? read : null;
      }, 90_000);
      const [donorRow] = await stack
        .em()
        .execute<Array<{ gateway_refund_id: string }>>(
          'select gateway_refund_id from refunds where reference = ?',
          [succeeded.reference],
        );
      expect(donorRow!.gateway_refund_id).toBeTruthy();

      const payment = await stack.paidPayment(app.test, { amountMinor: 4000 });
      const refund = await takenRefund(payment.id);
      const forged = await start(
        'refundWorkflow',
        {
          refundId: refund.id,
          reference: refund.reference,
          createdEventId: null,
          progress: { outcome: 'PROCESSING', gatewayRefundId: donorRow!.gateway_refund_id, reason: null },
          asked: 0,
        },
        'refund-continued',
      );
      expect(await endOf(forged.result())).toBe('REFUND_OUTCOME_UNRECORDED');
      await expectRefundUnbooked(refund);
      expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({ refundedMinor: 0 });
    },
    120_000,
  );

  it.concurrent(
    'a refund run claiming the gateway holds it without an id does not send it to finance',
    async () => {
      const app = await stack.registerApp();
      const payment = await stack.paidPayment(app.test, { amountMinor: 2500 });
      const refund = await takenRefund(payment.id);
      const forged = await start(
        'refundWorkflow',
        {
          refundId: refund.id,
          reference: refund.reference,
          createdEventId: null,
          progress: { outcome: 'PROCESSING', gatewayRefundId: null, reason: 'forged: ask finance' },
        },
        'refund-confirmation',
      );
      expect(await endOf(forged.result(), 20_000)).toBe('REFUND_CONFIRMATION_UNFOUNDED');
      expect(await refundRow(refund.id)).toMatchObject({
        status: 'PROCESSING',
        confirmation_requested_at: null,
      });
      expect(await ledgerLinesForSource(stack.em(), 'refund', refund.reference)).toEqual([]);
    },
    120_000,
  );

  it.concurrent(
    'a refund run claiming its approval window is over expires nothing before the window its row holds',
    async () => {
      const app = await stack.registerApp();
      // Every TEST refund of this app waits for one approver, for an hour.
      await stack
        .em()
        .execute("insert into refund_approval_rule_sets (app_id, mode) values (?, 'TEST')", [app.app.id]);
      await stack
        .em()
        .execute(
          "insert into refund_approval_rules (app_id, mode, position, from_minor, approvers) values (?, 'TEST', 0, 0, 1)",
          [app.app.id],
        );
      const payment = await stack.paidPayment(app.test, { amountMinor: 2500 });
      const refund = await takenRefund(payment.id);
      expect((await refundRow(refund.id)).status).toBe('PENDING_APPROVAL');
      const forged = await start(
        'refundWorkflow',
        {
          refundId: refund.id,
          reference: refund.reference,
          createdEventId: null,
          approval: { expiresAt: new Date(Date.now() - 60_000).toISOString(), requestedByOperatorId: null },
        },
        'refund-approval-window',
      );
      expect(await endOf(forged.result(), 20_000)).toBe('REFUND_APPROVAL_WINDOW_OPEN');
      expect((await refundRow(refund.id)).status).toBe('PENDING_APPROVAL');
      expect(await eventsOf(refund.reference)).not.toContain('refund.expired');
    },
    120_000,
  );

  it.concurrent(
    'a reconciliation day started with a forged fee tolerance posts no fee difference beyond the deployment tolerance',
    async () => {
      const payment = await paidCandidate();
      const date = uniqueSettlementDay(2041);
      const csv = [
        'gateway_transaction_id,reference,type,currency,gross_minor,fee_minor,net_minor,settlement_date,payout_batch',
        // 5,000 off the booked fee: far beyond the deployment's tolerance (100).
        `${payment.gatewayTransactionId},,PAYMENT,BDT,${payment.amountMinor},${payment.feeBookedMinor + 5000},${
          payment.amountMinor - payment.feeBookedMinor - 5000
        },${date},S-1`,
        '',
      ].join('\n');
      await importSettlementReport(stack.em(), {
        gateway: 'sslcommerz',
        mode: 'TEST',
        fileName: 'forged-tolerance.csv',
        stream: Readable.from([csv]),
        importedBy: null,
        layout: 'canonical',
      });

      const forged = await stack.client.workflow.start('reconciliationWorkflow', {
        taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
        workflowId: `recon-sslcommerz-TEST-${date}`,
        args: [
          {
            gateway: 'sslcommerz',
            mode: 'TEST',
            settlementDate: date,
            graceDays: 0,
            feeToleranceMinor: 1_000_000_000,
          },
        ],
      });
      // The day has been matched once: its line either matched or became an exception.
      const [run] = await eventually(async () => {
        const rows = await stack.em().execute<Array<{ id: string }>>(
          `select id from recon_runs where gateway = 'sslcommerz' and mode = 'TEST' and settlement_date = ?
              and last_matched_at is not null`,
          [date],
        );
        return rows.length > 0 ? rows : null;
      }, 30_000);
      const exceptions = await stack
        .em()
        .execute<Array<{ kind: string }>>('select kind from recon_exceptions where run_id = ?', [run!.id]);
      expect(exceptions.map((row) => row.kind)).toEqual(['FEE_MISMATCH']);
      const posted = await stack
        .em()
        .execute(
          'select id from recon_matches where payment_id = ? and fee_adjustment_entry_id is not null',
          [payment.id],
        );
      expect(posted).toEqual([]);
      await forged.terminate('test over');
    },
    120_000,
  );

  it.concurrent(
    "a reconciliation day started with a forged grace period and payout window raises nothing and closes nothing before the deployment's window",
    async () => {
      const payment = await paidCandidate();
      // Captured moments ago: its settlement day's grace period (two days after it) is far off, and
      // no line settles it.
      const date = payment.expectedSettlementDate!;
      expect(Date.now()).toBeLessThan(graceEndsAt(date, DEFAULT_GRACE_DAYS));

      const startedAt = new Date();
      const forged = await start(
        'reconciliationWorkflow',
        {
          gateway: 'sslcommerz',
          mode: 'TEST',
          settlementDate: date,
          // A month past its grace, says the input, and its payouts due the same day.
          graceDays: -30,
          payoutWindowDays: 0,
        },
        'recon-window',
      );
      const [run] = await eventually(async () => {
        const rows = await stack.em().execute<Array<{ id: string; payout_window_days: number }>>(
          `select id, payout_window_days from recon_runs where gateway = 'sslcommerz' and mode = 'TEST'
              and settlement_date = ? and last_matched_at >= ?`,
          [date, startedAt],
        );
        return rows.length > 0 ? rows : null;
      }, 30_000);
      // Matched by the deployment's settings: the payout window it recorded is the deployment's.
      expect(run!.payout_window_days).toBe(DEFAULT_PAYOUT_WINDOW_DAYS);
      const unsettled = await stack
        .em()
        .execute(`select id from recon_exceptions where kind = 'UNSETTLED_PAYMENT' and payment_id = ?`, [
          payment.id,
        ]);
      expect(unsettled).toEqual([]);
      // A day past its grace with nothing open would close: this one waits for its grace to end.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect((await forged.describe()).status.name).toBe('RUNNING');
      await forged.terminate('test over');
    },
    120_000,
  );

  it.concurrent(
    'a file upload run carrying its own gateway, mode and lines imports nothing',
    async () => {
      const forged = await start(
        'fileUploadImportWorkflow',
        {
          uploadId: 2_000_000_000,
          kind: 'settlement_report',
          gateway: 'sslcommerz',
          mode: 'LIVE',
          fileName: 'forged-upload.csv',
          lines: [{ gatewayTransactionId: 'forged-upload', grossMinor: 999_999, netMinor: 999_999 }],
        },
        'file-upload',
      );
      expect(await forged.result()).toEqual({ status: 'MISSING' });
      expect(
        await stack.em().execute(`select id from settlement_imports where file_name = 'forged-upload.csv'`),
      ).toEqual([]);
      expect(
        await stack
          .em()
          .execute(`select id from settlement_lines where gateway_transaction_id = 'forged-upload'`),
      ).toEqual([]);
    },
    120_000,
  );

  it('a sweep told which payments and refunds to finish finishes none of them', async () => {
    const app = await stack.registerApp();
    const payment = await stack.createPayment(app.test, { amountMinor: 1100 });
    const forged = await start(
      'sweeperWorkflow',
      {
        payments: [{ id: payment.id, status: 'SUCCEEDED' }],
        outcome: { kind: 'SUCCEEDED' },
      },
      'sweeper',
    );
    await forged.result();
    expect((await stack.readPayment(app.test, payment.reference)).status).toBe('CREATED');
    expect(await ledgerLinesForSource(stack.em(), 'payment', payment.reference)).toEqual([]);
    expect(await eventsOf(payment.reference)).toEqual([]);
  }, 120_000);

  it.concurrent(
    "a dispute recheck carrying a verdict of its own leaves the dispute as its gateway's last word had it",
    async () => {
      const app = await stack.registerApp();
      const paid = await stack.paidPayment(app.test, { amountMinor: 2200 });
      const gatewayDisputeId = `dp_forged_${randomToken(6)}`;
      const opened = await stack.em().transactional((tx) =>
        recordDispute(tx as EntityManager, {
          paymentId: paid.id,
          gateway: 'sslcommerz',
          gatewayDisputeId,
          amountMinor: 2200,
          currency: 'BDT',
          reason: 'forged start drill',
          status: 'OPEN',
        }),
      );
      const forged = await start(
        'disputeRecheckWorkflow',
        {
          disputeId: opened.dispute.id,
          status: 'WON',
          disputes: [{ disputeId: opened.dispute.id, status: 'WON', outcome: 'CHANGED' }],
        },
        'dispute-recheck',
      );
      await forged.result();
      const [row] = await stack
        .em()
        .execute<Array<{ status: string }>>('select status from disputes where id = ?', [opened.dispute.id]);
      expect(row!.status).toBe('OPEN');
      const kinds = (await ledgerLinesForSource(stack.em(), 'dispute', opened.dispute.reference)).map(
        (line) => line.kind,
      );
      expect(kinds).not.toContain('DISPUTE_REVERSAL');
      expect(await eventsOf(opened.dispute.reference)).not.toContain('dispute.won');
    },
    120_000,
  );

  it.concurrent(
    "a payment run with a forged deadline, a forged success and another payment's callback records nothing",
    async () => {
      const app = await stack.registerApp();
      // A real, confirmed callback of another payment.
      const other = await stack.paidPayment(app.test, { amountMinor: 1500 });
      const callbackId = await callbackOf(other.reference);
      const payment = await stack.createPayment(app.test, { amountMinor: 1500 });
      const forged = await start(
        'paymentWorkflow',
        {
          paymentId: payment.id,
          reference: payment.reference,
          // Its deadline passed long ago, says the input; the payment's row says otherwise.
          expiresAt: new Date(Date.now() - 3_600_000).toISOString(),
          status: 'SUCCEEDED',
          outcome: { kind: 'SUCCEEDED' },
        },
        'payment',
      );
      await forged.signal('gatewayCallback', { callbackId, confirmationKey: 'forged' });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect((await stack.readPayment(app.test, payment.reference)).status).toBe('CREATED');
      expect(await ledgerLinesForSource(stack.em(), 'payment', payment.reference)).toEqual([]);
      expect(await eventsOf(payment.reference)).toEqual([]);
      await forged.terminate('test over');
    },
    120_000,
  );

  it.concurrent(
    'a payment run that never opened the checkout asks the gateway at the deadline: a paid payment is recorded, not refunded',
    async () => {
      const app = await stack.registerApp();
      const payment = await stack.createPayment(app.test, { amountMinor: 2100 });
      // The payment's own run opens the checkout and the customer pays there; neither the
      // gateway's notice nor the customer's return reaches the service.
      await stack.openCheckout(payment.reference);
      await stack.setFaults({ ipn: 'none' }, payment.reference);
      await stack.completeAtGateway(payment.reference, 'VALID');
      expect((await stack.readPayment(app.test, payment.reference)).status).toBe('PENDING');
      // The deadline comes close. The payment's own run still waits for the one it read when it
      // started; a run started now reads this one from the row.
      await stack
        .em()
        .execute("update payments set expires_at = now() + interval '2 seconds' where id = ?", [payment.id]);

      // Its memory says the checkout was never opened: nobody to ask, it would seem.
      const forged = await start(
        'paymentWorkflow',
        { paymentId: payment.id, reference: payment.reference, expiresAt: new Date().toISOString() },
        'payment-at-deadline',
      );
      expect(await endOf(forged.result())).toBe('COMPLETED');

      expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
        status: 'SUCCEEDED',
        refundedMinor: 0,
      });
      const kinds = (await ledgerLinesForSource(stack.em(), 'payment', payment.reference)).map((l) => l.kind);
      expect(new Set(kinds)).toEqual(new Set(['CAPTURE', 'FEE']));
      expect(await eventsOf(payment.reference)).toEqual(['payment.succeeded']);
      const changes = await stack
        .em()
        .execute<Array<{ to_status: string }>>(
          'select to_status from payment_status_changes where payment_id = ? order by id',
          [payment.id],
        );
      expect(changes.map((row) => row.to_status)).toEqual(['CREATED', 'PENDING', 'SUCCEEDED']);
      const refunds = await stack.em().execute('select id from refunds where payment_id = ?', [payment.id]);
      expect(refunds).toEqual([]);
      await stack.client.workflow.getHandle(`payment-${payment.reference}`).terminate('test over');
    },
    120_000,
  );

  it('a webhook delivery run carrying its own body and address sends only the recorded event to its endpoint', async () => {
    const { payment, eventId } = await deliveredPayment(1700);
    const before = receiver.received.length;

    // An event that does not exist, with a body and an address of the forger's choosing.
    const invented = await start(
      'webhookDeliveryWorkflow',
      {
        eventId: 'evt_forged00000000000000',
        url: `${receiver.url}?forged=1`,
        body: { type: 'payment.succeeded', data: { reference: payment.reference, amountMinor: 999999 } },
      },
      'webhook',
    );
    await endOf(invented.result());
    // A real event re-sent with a forged body: what goes out is the recorded event.
    const resent = await start(
      'webhookDeliveryWorkflow',
      { eventId, attemptOffset: 50, body: { forged: true }, url: `${receiver.url}?forged=2` },
      'webhook-resend',
    );
    await endOf(resent.result());
    const after = receiver.received.slice(before);
    expect(after.every((r) => !r.path.includes('forged') && !r.body.includes('forged'))).toBe(true);
    expect(after.every((r) => r.body.includes(eventId))).toBe(true);
    expect(after.some((r) => r.body.includes('999999'))).toBe(false);
  }, 120_000);
  it.concurrent(
    'a webhook recover naming an address and a body of its own resends nothing its endpoint took',
    async () => {
      const { app, payment } = await deliveredPayment(1800);
      const [endpoint] = await stack
        .em()
        .execute<Array<{ id: string }>>(
          'select id from webhook_endpoints where app_id = ? and disabled_at is null',
          [app.app.id],
        );
      const before = receiver.received.length;
      const forged = await start(
        'webhookRecoverWorkflow',
        {
          endpointId: Number(endpoint!.id),
          since: '2000-01-01T00:00:00.000Z',
          until: new Date().toISOString(),
          afterEventId: null,
          url: `${receiver.url}?forged=recover`,
          body: { type: 'payment.succeeded', data: { reference: payment.reference, amountMinor: 999999 } },
        },
        'webhook-recover',
      );
      // Its one event was delivered: nothing is due again, whatever the input says.
      expect(await forged.result()).toEqual({ delivered: 0, refused: 0 });
      expect(receiver.received.slice(before).filter((r) => r.body.includes(payment.reference))).toEqual([]);
      expect(receiver.received.some((r) => r.path.includes('forged=recover'))).toBe(false);
    },
    120_000,
  );
  it.concurrent(
    'an invoice run told its installment was paid, by its input and by a message, changes nothing',
    async () => {
      const app = await stack.registerApp();
      const paidElsewhere = await stack.paidPayment(app.test, { amountMinor: 5000 });
      const call = (method: string, path: string) => stack.api(method, `/api/v1${path}`, { creds: app.test });
      const created = await stack.api('POST', '/api/v1/invoices', {
        creds: app.test,
        body: {
          customer: { customerReference: 'cust-forged', name: 'Forged Drill', email: 'drill@example.com' },
          lines: [{ description: 'Consulting', quantity: 1, unitAmountMinor: 5000 }],
          dueDate: '2030-01-31',
        },
      });
      expect(created.status).toBe(201);
      const reference = created.body.data.reference as string;
      expect((await call('POST', `/invoices/${reference}/issue`)).status).toBe(200);
      const [row] = await stack
        .em()
        .execute<Array<{ id: string }>>('select id from invoices where reference = ?', [reference]);

      const forged = await start(
        'invoiceWorkflow',
        {
          invoiceId: Number(row!.id),
          reference,
          issuedEventId: null,
          status: 'PAID',
          installments: [{ sequence: 1, state: 'PAID', paidMinor: 5000 }],
        },
        'invoice',
      );
      await forged.signal('invoicePayment', { paymentReference: paidElsewhere.reference });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const read = (await call('GET', `/invoices/${reference}`)).body.data;
      expect(read).toMatchObject({ status: 'OPEN', totals: { outstandingMinor: 5000 } });
      expect(read.installments[0].state).not.toBe('PAID');
      expect(await eventsOf(reference)).not.toContain('invoice.paid');
      await forged.terminate('test over');
    },
    120_000,
  );
  it.concurrent(
    'a customer email run claiming its three days are over does not give the message up',
    async () => {
      const app = await stack.registerApp();
      // The receipt is queued with the payment's event; its own run keeps being deferred.
      const payment = await stack.paidPayment(app.test, {
        amountMinor: 1900,
        customerEmail: 'patient@example.com',
      });
      const eventId = await succeededEventOf(payment.reference);
      const emailRow = async () =>
        (
          await stack
            .em()
            .execute<Array<{ status: string; attempts: number }>>(
              'select status, attempts from customer_emails where event_id = ?',
              [eventId],
            )
        )[0]!;
      await eventually(async () => (await emailRow()).attempts >= 1, 30_000, 'a deferred attempt');

      const forged = await start(
        'customerEmailWorkflow',
        { eventId, attemptsMade: 500, giveUpAt: new Date(Date.now() - 86_400_000).toISOString() },
        'email',
      );
      await eventually(async () => (await emailRow()).attempts >= 501, 30_000, "the forged run's attempt");
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect((await emailRow()).status).toBe('QUEUED');
      await forged.terminate('test over');
    },
    120_000,
  );
  it.concurrent(
    "a late-callback run naming another payment's callback records nothing",
    async () => {
      const app = await stack.registerApp();
      const other = await stack.paidPayment(app.test, { amountMinor: 1300 });
      const callbackId = await callbackOf(other.reference);
      const payment = await stack.createPayment(app.test, { amountMinor: 1300 });
      const forged = await start(
        'lateCallbackWorkflow',
        { paymentId: payment.id, callback: { callbackId }, outcome: 'SUCCEEDED' },
        'late-callback',
      );
      // The callback is not this payment's: the gateway is asked about this payment itself, and
      // it has seen no such payment.
      await endOf(forged.result());
      expect((await stack.readPayment(app.test, payment.reference)).status).toBe('CREATED');
      expect(await ledgerLinesForSource(stack.em(), 'payment', payment.reference)).toEqual([]);
      expect(await eventsOf(payment.reference)).toEqual([]);
    },
    120_000,
  );

  it('dispute questions naming what does not exist, with a verdict of their own, record nothing', async () => {
    const count = async () =>
      Number((await stack.em().execute<Array<{ count: string }>>('select count(*) from disputes'))[0]!.count);
    const before = await count();
    const notice = await start(
      'disputeQuestionWorkflow',
      { kind: 'NOTICE', noticeId: 2_000_000_000, outcome: 'APPLIED' },
      'dispute-notice',
    );
    const recheck = await start(
      'disputeQuestionWorkflow',
      { kind: 'RECHECK', disputeId: 2_000_000_000, status: 'WON' },
      'dispute-recheck',
    );
    expect(await notice.result()).toEqual({ kind: 'NOTICE', outcome: 'REFUSED' });
    expect(await recheck.result()).toEqual({ kind: 'RECHECK', outcome: 'REFUSED' });
    expect(await count()).toBe(before);
  }, 120_000);

  it.concurrent(
    "a Stripe settlement import carrying its own payouts stores only Stripe's lines",
    async () => {
      const forged = await start(
        'stripeSettlementImportWorkflow',
        {
          modes: ['TEST'],
          toDate: '2001-01-02',
          lookbackDays: 1,
          payouts: [{ id: 'po_forged', lines: [{ grossMinor: 999_999, feeMinor: 0, netMinor: 999_999 }] }],
        },
        'stripe-settlement',
      );
      const [result] = (await forged.result()) as Array<{ storedLines: number }>;
      expect(result!.storedLines).toBe(0);
      const stored = await stack
        .em()
        .execute(`select id from settlement_lines where payout_batch = 'po_forged' or gross_minor = 999999`);
      expect(stored).toEqual([]);
    },
    120_000,
  );
  /** A bKash wallet the simulated disbursement account pays. */
  const wallet = (n: number): Beneficiary => walletLine(n).beneficiary as unknown as Beneficiary;
  const paidFrom = (paymentId: number, payer: Beneficiary) =>
    stack
      .em()
      .execute('update payments set payer_account = ?::jsonb where id = ?', [
        JSON.stringify(payer),
        paymentId,
      ]);
  const refundPayoutOf = async (refundId: number) =>
    stack
      .em()
      .execute<Array<{ payout_id: string }>>('select payout_id from refund_payouts where refund_id = ?', [
        refundId,
      ]);

  it.concurrent(
    'a refund run claiming it goes out by payout pays nothing while its gateway holds it',
    async () => {
      const app = await stack.registerApp();
      const payment = await stack.paidPayment(app.test, { amountMinor: 2600 });
      // A refund by the gateway's API, with a fallback destination for a refusal past the window.
      // The wallet that paid, as the gateway named it: the fallback destination is the payer's.
      await paidFrom(payment.id, wallet(71));
      const refund = await takenRefund(payment.id, undefined, { route: 'GATEWAY', destination: wallet(71) });
      // The gateway took it and is still processing it, as its run recorded.
      await stack
        .em()
        .execute(
          `insert into refund_gateway_answers (refund_id, asked, outcome, gateway_refund_id) values (?, 'SUBMIT', 'PROCESSING', ?)`,
          [refund.id, `gw-forged-${randomToken(6)}`],
        );
      const forged = await start(
        'refundWorkflow',
        {
          refundId: refund.id,
          reference: refund.reference,
          createdEventId: null,
          progress: { outcome: 'PROCESSING', gatewayRefundId: null, reason: null, payOut: true },
        },
        'refund-payout',
      );
      expect(await endOf(forged.result(), 30_000)).toBe('REFUND_PAYOUT_UNFOUNDED');
      expect(await refundPayoutOf(refund.id)).toEqual([]);
      expect(
        await stack.em().execute(`select id from payouts where metadata->>'refund' = ?`, [refund.reference]),
      ).toEqual([]);
      await expectRefundUnbooked(refund);
      expect(await auditOf(refund.reference)).toContain('refund.payout_refused');
    },
    120_000,
  );

  it.concurrent(
    'a refund to a destination that is not the payer, its row saying it needs no approver, is not paid out without an approval on record',
    async () => {
      const app = await stack.registerApp();
      const payment = await stack.paidPayment(app.test, { amountMinor: 2650 });
      const refund = await takenRefund(payment.id, undefined, { route: 'PAYOUT', destination: wallet(73) });
      expect(refund).toMatchObject({ status: 'PENDING_APPROVAL', destinationNotPayer: true });
      // The row edited as if nobody had to approve it: no decision is on record.
      await stack
        .em()
        .execute(`update refunds set status = 'PROCESSING', approvals_required = 0 where id = ?`, [
          refund.id,
        ]);
      const forged = await start(
        'refundWorkflow',
        {
          refundId: refund.id,
          reference: refund.reference,
          createdEventId: null,
          progress: { outcome: 'PROCESSING', gatewayRefundId: null, reason: null, payOut: true },
        },
        'refund-not-payer',
      );
      expect(await endOf(forged.result(), 30_000)).toBe('REFUND_NOT_APPROVED');
      expect(await refundPayoutOf(refund.id)).toEqual([]);
      expect(
        await stack.em().execute(`select id from payouts where metadata->>'refund' = ?`, [refund.reference]),
      ).toEqual([]);
    },
    120_000,
  );

  it.concurrent(
    'a refund its gateway refused past its window, on record, goes out by its destination once; a forged return check reopens nothing',
    async () => {
      const app = await stack.registerApp();
      const payment = await stack.paidPayment(app.test, { amountMinor: 2700 });
      // The wallet that paid, as the gateway named it: the fallback destination is the payer's.
      await paidFrom(payment.id, wallet(72));
      const refund = await takenRefund(payment.id, undefined, { route: 'GATEWAY', destination: wallet(72) });
      // What submitRefund records of bKash's refusal past its refund window (2071).
      await stack.em().execute(
        `insert into refund_gateway_answers (refund_id, asked, outcome, reason, refund_window_closed)
         values (?, 'SUBMIT', 'FAILED', 'refund window expired', true)`,
        [refund.id],
      );
      const run = await start(
        'refundWorkflow',
        {
          refundId: refund.id,
          reference: refund.reference,
          createdEventId: null,
          progress: { outcome: 'PROCESSING', gatewayRefundId: null, reason: null, payOut: true },
        },
        'refund-window-payout',
      );
      expect(await run.result()).toEqual({ status: 'SUCCEEDED' });
      const [link] = await refundPayoutOf(refund.id);
      const [payout] = await stack
        .em()
        .execute<Array<{ reference: string; status: string }>>(
          'select reference, status from payouts where id = ?',
          [link!.payout_id],
        );
      expect(payout!.status).toBe('SUCCEEDED');

      // A return check told the payout came back changes nothing: only the rail's word moves it.
      const returns = await start(
        'payoutReturnsWorkflow',
        { payouts: [{ reference: payout!.reference, status: 'RETURNED', reasonCode: 'R01' }] },
        'payout-returns',
      );
      expect(await returns.result()).toMatchObject({ returned: 0 });
      const [after] = await stack
        .em()
        .execute<Array<{ status: string }>>('select status from payouts where id = ?', [link!.payout_id]);
      expect(after!.status).toBe('SUCCEEDED');
      expect((await refundRow(refund.id)).status).toBe('SUCCEEDED');
      expect(await eventsOf(payout!.reference)).not.toContain('payout.returned');
    },
    120_000,
  );

  it.concurrent(
    'a payout run claiming its cancel window is over and its payout paid sends nothing',
    async () => {
      const app = await stack.registerApp();
      const payout = await stack.em().transactional(async (tx) => {
        const t = tx as EntityManager;
        const { payout: made } = await insertPayout(t, {
          reference: newPayoutReference(),
          appId: app.app.id,
          mode: 'TEST',
          rail: 'bkash',
          amountMinor: 3100,
          currency: 'BDT',
          beneficiary: wallet(73),
          narrative: 'forged start drill',
          metadata: {},
          idempotencyKey: null,
        });
        // Its cancel window ends in an hour, says its row.
        return (await movePayout(t, made.id, 'SCHEDULED', { sendAfter: new Date(Date.now() + 3_600_000) }))!;
      });
      const forged = await start(
        'payoutWorkflow',
        {
          payoutId: payout.id,
          reference: payout.reference,
          status: 'SUCCEEDED',
          sendAfter: new Date(Date.now() - 60_000).toISOString(),
          amountMinor: 999_999,
        },
        'payout',
      );
      await forged.signal('payoutChanged');
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const [row] = await stack
        .em()
        .execute<Array<{ status: string; amount_minor: string }>>(
          'select status, amount_minor from payouts where id = ?',
          [payout.id],
        );
      expect(row).toMatchObject({ status: 'SCHEDULED' });
      expect(Number(row!.amount_minor)).toBe(3100);
      expect(await ledgerLinesForSource(stack.em(), 'payout', payout.reference)).toEqual([]);
      const { transfers } = await stack.gatewaySimulators.control<{
        transfers: Array<{ merchantInvoiceNumber: string }>;
      }>('bkash-disbursement', 'GET', '/__simulator/transfers');
      expect(transfers.filter((t) => t.merchantInvoiceNumber === payout.reference)).toEqual([]);
      await forged.terminate('test over');
    },
    120_000,
  );

  it.concurrent(
    'a payout batch run starting past its last line makes every line, and the batch completes',
    async () => {
      const app = await stack.registerApp();
      const scope = { appId: app.app.id, mode: 'TEST' as const };
      const lines = await validBatchLines(stack.deps, scope, [
        walletLine(81),
        walletLine(82),
        walletLine(83),
      ]);
      // Taken as the API takes it, with no workflow started; its cancel window over.
      const batch = await takePayoutBatch(
        {
          orm: stack.orm,
          timings: apiPayoutTimings(stack.deps),
          companyTimeZone: stack.deps.config.COMPANY_TIME_ZONE,
        },
        scope,
        lines,
        null,
        { source: 'API', uploadedBy: null, fileName: null },
      );
      await stack
        .em()
        .execute(`update payout_batches set status = 'CREATING', send_after = now() where id = ?`, [
          batch.id,
        ]);
      const forged = await start(
        'payoutBatchWorkflow',
        { batchId: batch.id, reference: batch.reference, fromLine: 10_000 },
        'payout-batch',
      );
      expect(await endOf(forged.result(), 90_000)).toBe('COMPLETED');
      const made = await stack.em().execute<Array<{ line_number: number; status: string }>>(
        `select l.line_number, p.status from payout_batch_lines l join payouts p on p.id = l.payout_id
          where l.batch_id = ? order by l.line_number`,
        [batch.id],
      );
      expect(made.map((line) => line.line_number)).toEqual([1, 2, 3]);
      expect(made.every((line) => line.status === 'SUCCEEDED')).toBe(true);
      const [row] = await stack
        .em()
        .execute<Array<{ status: string }>>('select status from payout_batches where id = ?', [batch.id]);
      expect(row!.status).toBe('COMPLETED');
    },
    120_000,
  );

  it('a gateway health run carrying a policy of its own marks no gateway down', async () => {
    const forged = await start(
      'gatewayHealthWorkflow',
      { policy: { downRate: 0, degradedRate: 0, minCalls: 0, windowMs: 60_000 } },
      'gateway-health',
    );
    await forged.result();
    for (const mode of ['TEST', 'LIVE'] as const) {
      const health = await currentHealth(stack.em(), mode);
      expect(health.filter((row) => row.status !== 'OPERATIONAL')).toEqual([]);
    }
    // The checkout still offers the app's gateway (its only one: straight to paying).
    const app = await stack.registerApp();
    const payment = await stack.createPayment(app.test, { amountMinor: 1200 });
    const page = await stack.api<string>('GET', `/checkout/${payment.reference}`);
    expect(page.body).toContain('data-testid="pay"');
  }, 120_000);

  it('a ledger verification run started directly waits for the interval like every other door', async () => {
    const runs = async () =>
      Number(
        (await stack.em().execute<Array<{ n: string }>>('select count(*) as n from ledger_verify_runs'))[0]!
          .n,
      );
    const finance = await stack.createOperator('FINANCE');
    const session = await stack.adminLogin(finance.email, finance.password);
    try {
      await stack.em().execute('delete from ledger_verify_gate');
      expect((await session.call('GET', '/api/v1/admin/ledger/verification')).status).toBe(200);
      const before = await runs();
      const forged = await start('ledgerVerifyWorkflow', { force: true, throttle: false }, 'ledger-verify');
      expect(await forged.result()).toMatchObject({ ran: false });
      expect(await runs()).toBe(before);
      // The admin API is still held by the verification it ran.
      expect((await session.call('GET', '/api/v1/admin/ledger/verification')).status).toBe(429);
    } finally {
      await stack.em().execute('delete from ledger_verify_gate');
    }
  }, 120_000);
});
