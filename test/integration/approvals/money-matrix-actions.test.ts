import { WORKFLOW_DOORS } from '../../../domain/approvals/doors.js';
import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import { setPayoutRules } from '../../../db/payouts/payout-rules.js';
import { recordReconApproval } from '../../../db/reconciliation/recon-decisions.js';
import { recordDecision } from '../../../db/refunds/refund-decisions.js';
import { defaultPayoutRules } from '../../../domain/payouts/payout-rules.js';
import { randomToken } from '../../../domain/shared/ids.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { resolveExceptionUpdate } from '../../../workflows/reconciliation/messages.js';
import { walletLine } from '../../helpers/payout-batches.js';
import { switchEveryRailOn } from '../../helpers/payout-rail-switches.js';
import { candidateOf, importLines, matchedWithOneException } from '../../helpers/reconciliation.js';
import {
  expectOnlyIndependentDecides,
  operatorsOn,
  type Operator,
  type Session,
} from '../../helpers/second-persons.js';
import { uniqueSettlementDay } from '../../helpers/settlement-days.js';
import { eventually, startStack, type Stack } from '../../helpers/stack.js';
import { endOf as endOfRun } from '../../helpers/workflow-ends.js';

/**
 * The rule book (domain/approvals/rule-book.ts) on the rest of its actions, against a real stack:
 * for each action a second person must approve, the requester alone, an approver tied to the
 * requester in either direction, and an independent approver get what the rule book says. Then
 * every workflow door that carries out a money action (domain/approvals/doors.ts), knocked on
 * directly through Temporal with a forged input or a decision that does not hold: nothing moves
 * in PostgreSQL. test/integration/approvals/money-matrix.test.ts holds the other actions.
 */

const GATEWAY = 'sslcommerz';
/** A wallet nobody paid from. */
const STRANGER = { type: 'BKASH_WALLET', walletNumber: '01999999999', name: 'Not The Customer' };

describe('the rule book on the rest of its actions', () => {
  let stack: Stack;
  const { signedIn, secondPersons } = operatorsOn(() => stack);

  beforeAll(async () => {
    stack = await startStack({
      // TEST days take the rounding tolerance a LIVE day takes by default: beyond it, an
      // adjustment waits for a second operator.
      configOverrides: { RECON_TEST_ROUNDING_TOLERANCE_MINOR: 'BDT:100,1' },
    });
    // A rail's switch is the whole deployment's: every rail starts, and is left, on.
    await switchEveryRailOn(stack.em());
  }, 120_000);
  afterAll(async () => {
    if (stack) await switchEveryRailOn(stack.em());
    await stack?.close();
  });

  const refundRow = async (reference: string) =>
    (
      await stack.em().execute<
        Array<{
          id: string;
          status: string;
          destination_not_payer: boolean;
          gateway_refund_id: string | null;
        }>
      >('select id, status, destination_not_payer, gateway_refund_id from refunds where reference = ?', [reference])
    )[0]!;
  /** The refunds the gateway itself holds for a payment. */
  const gatewayRefunds = (paymentReference: string) =>
    [...stack.simulator.state.refunds.values()].filter((refund) => refund.tranId === paymentReference);
  const refundPayoutsOf = (reference: string) =>
    stack
      .em()
      .execute(
        'select rp.payout_id from refund_payouts rp join refunds r on r.id = rp.refund_id where r.reference = ?',
        [reference],
      );

  /** A paid payment refunded by `requester` to a wallet that is not the payer's: it waits. */
  async function refundToStranger(requester: Operator) {
    const app = await stack.registerApp();
    const payment = await stack.paidPayment(app.test, { amountMinor: 4_000 });
    const asked = await requester.session.call(
      'POST',
      `/api/v1/admin/payments/${payment.reference}/refunds`,
      { body: { amountMinor: 2_000, reason: 'sent to a relative', destination: STRANGER } },
    );
    expect(asked.status).toBe(201);
    expect(asked.body.data).toMatchObject({
      status: 'PENDING_APPROVAL',
      approvalsRequired: 1,
      destinationNotPayer: true,
      warnings: ['destination is not the payer'],
    });
    return {
      payment,
      refund: { id: Number(asked.body.data.id), reference: asked.body.data.reference as string },
    };
  }

  /** A paid payment refunded by `requester`; the gateway takes it and its answer is lost. */
  async function refundHeldWithoutId(requester: Operator) {
    const app = await stack.registerApp();
    const payment = await stack.paidPayment(app.test, { amountMinor: 3_000 });
    await stack.setFaults({ refundAnswerLost: true }, payment.reference);
    const asked = await requester.session.call(
      'POST',
      `/api/v1/admin/payments/${payment.reference}/refunds`,
      { body: { reason: 'returned goods' } },
    );
    expect(asked.status).toBe(201);
    const reference = asked.body.data.reference as string;
    const waiting = await eventually(
      async () => {
        const read = await requester.session.call('GET', `/api/v1/admin/refunds/${reference}`);
        return read.body.data.awaitingConfirmation ? read.body.data : null;
      },
      30_000,
      'the refund to wait for finance',
    );
    expect(waiting).toMatchObject({ status: 'PROCESSING', gatewayRefundId: null });
    return { payment, refund: { id: Number(waiting.id), reference } };
  }

  /** The journal entries posted for an exception and for its line. */
  const entriesFor = (sources: string[]) =>
    stack
      .em()
      .execute<Array<{ kind: string }>>(
        `select kind from journal_entries where source_id in (select jsonb_array_elements_text(?::jsonb)) order by id`,
        [JSON.stringify(sources)],
      );

  /** A paid payment and a report line for it 10.00 short, its day matched with the exception open. */
  async function shortLine() {
    const app = await stack.registerApp();
    const paid = await candidateOf(stack, (await stack.paidPayment(app.test)).reference);
    const date = uniqueSettlementDay(2047);
    const [line] = await importLines(stack.em(), date, [
      {
        gatewayTransactionId: paid.gatewayTransactionId!,
        reference: null,
        grossMinor: paid.amountMinor - 1_000,
        feeMinor: paid.feeBookedMinor,
      },
    ]);
    const exception = await matchedWithOneException(stack, date, GATEWAY);
    expect(exception.kind).toBe('AMOUNT_MISMATCH');
    return { date, reference: exception.reference, lineKey: line!.lineKey };
  }

  /** An adjustment `proposer` proposed on a fresh exception: it waits for a second operator. */
  async function proposedAdjustment(proposer: Operator) {
    const line = await shortLine();
    const proposed = await proposer.session.call(
      'POST',
      `/api/v1/admin/reconciliation/exceptions/${line.reference}/resolve`,
      { body: { action: 'POST_ADJUSTMENT', note: 'the gateway kept 10.00 it owes us' } },
    );
    expect(proposed.status).toBe(202);
    expect(proposed.body.data).toMatchObject({
      status: 'OPEN',
      proposal: { action: 'POST_ADJUSTMENT', postingMinor: -1_000, approvedBy: null },
    });
    return { ...line, decisionId: Number(proposed.body.data.proposal.id) };
  }
  const reconDecisionStatus = async (id: number) =>
    (
      await stack
        .em()
        .execute<Array<{ status: string }>>('select status from recon_decisions where id = ?', [id])
    )[0]!.status;

  /** A batch file `uploader` sent through the admin API, as the worker took it. */
  async function uploadedBatch(uploader: Operator) {
    const app = await stack.registerApp();
    const file = [
      'line_reference,amount_minor,beneficiary_type,wallet_number,name,narrative',
      'p-1,15000,BKASH_WALLET,01711000101,Rahima Khatun,Prize',
      'p-2,25000,BKASH_WALLET,01711000102,Karim Uddin,Prize',
    ].join('\n');
    const received = await stack.api(
      'POST',
      `/api/v1/admin/payout-batches?appId=${app.app.id}&mode=TEST&fileName=prizes.csv`,
      {
        rawBody: file,
        headers: {
          cookie: uploader.session.cookie,
          'x-csrf-token': uploader.session.csrfToken,
          'content-type': 'text/csv',
        },
      },
    );
    expect(received.status).toBe(202);
    const statusUrl = received.body.data.statusUrl as string;
    await eventually(
      async () => {
        const answer = await uploader.session.call('GET', statusUrl);
        return answer.status !== 200 || answer.body.data.status !== 'RECEIVED';
      },
      30_000,
      'the worker read the upload',
    );
    const [batch] = await stack
      .em()
      .execute<Array<{ id: string; reference: string; status: string }>>(
        'select id, reference, status from payout_batches where app_id = ?',
        [app.app.id],
      );
    return { id: Number(batch!.id), reference: batch!.reference, status: batch!.status };
  }
  const batchRow = async (id: number) =>
    (
      await stack
        .em()
        .execute<Array<{ status: string; lines_made: string }>>(
          `select b.status, (select count(*) from payout_batch_lines l where l.batch_id = b.id and l.payout_id is not null) as lines_made from payout_batches b where b.id = ?`,
          [id],
        )
    )[0]!;

  /** The act as the approvals queue shows it to this reader. */
  const queued = async (session: Session, kind: string, id: string) =>
    (await session.call('GET', '/api/v1/admin/approvals')).body.data.items.find(
      (item: { kind: string; id: string }) => item.kind === kind && item.id === id,
    );

  it('refund.destination: a refund to a wallet that is not the payer waits, and only an independent approver approves it', async () => {
    const people = await secondPersons('FINANCE', 'FINANCE');
    // Under every band: only the destination makes it wait.
    const { payment, refund } = await refundToStranger(people.requester);
    expect(gatewayRefunds(payment.reference)).toEqual([]);
    // The queue names the rule it waits under, and tells the approver why.
    expect(await queued(people.independent.session, 'refund', refund.reference)).toMatchObject({
      action: 'refund.destination',
      detail: 'DESTINATION_NOT_PAYER',
      mayDecide: true,
    });
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/refunds/${refund.reference}/approve`, { body: {} }),
    );
    expect((await refundRow(refund.reference)).status).not.toBe('PENDING_APPROVAL');
  });

  it('refund.confirmation: a refund the gateway holds without an id waits for finance, and only an independent operator confirms it', async () => {
    const people = await secondPersons('FINANCE', 'FINANCE');
    const { payment, refund } = await refundHeldWithoutId(people.requester);
    const [held] = gatewayRefunds(payment.reference);
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/refunds/${refund.reference}/confirm`, {
        body: {
          outcome: 'SUCCEEDED',
          gatewayRefundId: held!.refundRefId,
          note: 'Found in the merchant panel',
        },
      }),
    );
    const confirmed = await people.independent.session.call(
      'GET',
      `/api/v1/admin/refunds/${refund.reference}`,
    );
    expect(confirmed.body.data).toMatchObject({
      gatewayRefundId: held!.refundRefId,
      awaitingConfirmation: null,
    });
  });

  /** A TEST payment whose gateway captured 100 less than asked: FAILED, flagged, its money parked. */
  async function parkedPayment() {
    const app = await stack.registerApp();
    const payment = await stack.createPayment(app.test, { amountMinor: 5_000 });
    await stack.openCheckout(payment.reference);
    await stack.setFaults({ amountDeltaMinor: -100 }, payment.reference);
    await stack.completeAtGateway(payment.reference, 'VALID');
    await eventually(
      async () =>
        (
          await stack
            .em()
            .execute<Array<{ unapplied_minor: string }>>(
              'select unapplied_minor from payments where reference = ? and attention_reason is not null',
              [payment.reference],
            )
        )[0]?.unapplied_minor === '4900',
      60_000,
      'money parked for the flagged payment',
    );
    return payment.reference;
  }

  it('parked.release: a refund of parked money waits in TEST under every band, and only an independent approver approves it', async () => {
    const people = await secondPersons('FINANCE', 'FINANCE');
    const reference = await parkedPayment();
    const asked = await people.requester.session.call(
      'POST',
      `/api/v1/admin/payments/${reference}/attention/refund`,
      { body: { note: 'charged the wrong amount' } },
    );
    expect(asked.status).toBe(202);
    const refund = asked.body.data.parkedRefunds[0] as { reference: string; status: string };
    expect(refund.status).toBe('PENDING_APPROVAL');
    expect(await queued(people.independent.session, 'refund', refund.reference)).toMatchObject({
      action: 'parked.release',
      detail: 'PARKED',
      approvalsRequired: 1,
      mayDecide: true,
    });
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/refunds/${refund.reference}/approve`, { body: {} }),
    );
    expect((await refundRow(refund.reference)).status).not.toBe('PENDING_APPROVAL');
  });

  it('parked.release: applying parked money to the app waits, and only an independent approver approves it', async () => {
    const people = await secondPersons('FINANCE', 'ADMIN');
    const reference = await parkedPayment();
    const asked = await people.requester.session.call(
      'POST',
      `/api/v1/admin/payments/${reference}/attention/resolve`,
      { body: { resolution: 'APPLY', note: 'the customer agreed the lower price' } },
    );
    expect(asked.status).toBe(202);
    const requestId = asked.body.data.applyRequest.id as number;
    expect(await queued(people.independent.session, 'attention', String(requestId))).toMatchObject({
      action: 'parked.release',
      mayDecide: true,
    });
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/payments/${reference}/attention/requests/${requestId}/approve`, {
        body: {},
      }),
    );
    expect(
      (await ledgerLinesForSource(stack.em(), 'payment', reference)).filter(
        (line) => line.kind === 'UNAPPLIED_APPLIED',
      ),
    ).toHaveLength(2);
  });

  it('reconciliation.adjustment: an adjustment beyond the tolerance is approved only by an independent FINANCE', async () => {
    const people = await secondPersons('FINANCE', 'FINANCE');
    const { reference, lineKey } = await proposedAdjustment(people.requester);
    expect(await entriesFor([reference, lineKey])).toEqual([]);
    await expectOnlyIndependentDecides(
      people,
      (session) =>
        session.call('POST', `/api/v1/admin/reconciliation/exceptions/${reference}/approve`, {
          body: { note: 'checked against the bank' },
        }),
      'RECON_SECOND_OPERATOR_REQUIRED',
    );
    expect((await entriesFor([reference, lineKey])).map((entry) => entry.kind).sort()).toEqual([
      'ADJUSTMENT',
      'SETTLEMENT',
    ]);
  });

  it('payout.batch: a batch uploaded by one FINANCE is approved only by an independent one', async () => {
    const people = await secondPersons('FINANCE', 'FINANCE');
    const batch = await uploadedBatch(people.requester);
    expect(batch.status).toBe('WAITING_APPROVAL');
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/payout-batches/${batch.reference}/approve`, { body: {} }),
    );
    expect((await batchRow(batch.id)).status).not.toBe('WAITING_APPROVAL');
  });

  it('payout.enable: turning an app’s LIVE payouts on answers 202, and only an independent ADMIN approves it', async () => {
    const people = await secondPersons('ADMIN', 'ADMIN');
    const { app } = await stack.registerApp();
    const proposed = await people.requester.session.call(
      'PUT',
      `/api/v1/admin/apps/${app.id}/payout-approval/LIVE`,
      { body: { ...defaultPayoutRules('LIVE'), enabled: true } },
    );
    expect(proposed.status).toBe(202);
    expect(proposed.body.data).toMatchObject({ kind: 'PAYOUT_APPROVAL', status: 'PENDING' });
    const liveRules = async () =>
      (await people.independent.session.call('GET', `/api/v1/admin/apps/${app.id}/payout-approval`)).body.data
        .LIVE;
    // Still off: nothing applied with one ADMIN.
    expect((await liveRules()).enabled).toBe(false);
    expect(
      await queued(people.independent.session, 'control-change', String(proposed.body.data.id)),
    ).toMatchObject({ action: 'payout.enable', detail: 'PAYOUTS_ON', mayDecide: true });
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/control-changes/${proposed.body.data.id}/approve`, { body: {} }),
    );
    expect((await liveRules()).enabled).toBe(true);
  });

  it('guardrail.loosen: resuming an app’s stopped money answers 202, and only an independent ADMIN approves it', async () => {
    const people = await secondPersons('ADMIN', 'ADMIN');
    const { app } = await stack.registerApp();
    const guardrails = (moneyMovementStopped: boolean) =>
      people.requester.session.call('PUT', `/api/v1/admin/apps/${app.id}/guardrails/TEST`, {
        body: {
          moneyMovementStopped,
          stoppedGateways: [],
          velocityPerMinute: null,
          refundRatioAlarmPercent: null,
          limits: [],
        },
      });
    // Stopping applies at once.
    expect((await guardrails(true)).status).toBe(200);
    const proposed = await guardrails(false);
    expect(proposed.status).toBe(202);
    expect(proposed.body.data).toMatchObject({ kind: 'GUARDRAILS', status: 'PENDING' });
    const stopped = async () =>
      (await people.independent.session.call('GET', `/api/v1/admin/apps/${app.id}/guardrails`)).body.data.TEST
        .guardrails.moneyMovementStopped;
    expect(await stopped()).toBe(true);
    await expectOnlyIndependentDecides(people, (session) =>
      session.call('POST', `/api/v1/admin/control-changes/${proposed.body.data.id}/approve`, { body: {} }),
    );
    expect(await stopped()).toBe(false);
  });

  it('rail.switch-on: a LIVE rail back on answers 202, and only an independent ADMIN approves it', async () => {
    const people = await secondPersons('ADMIN', 'ADMIN');
    const switchNagad = (on: boolean) =>
      people.requester.session.call('PUT', '/api/v1/admin/payouts/rails/nagad/LIVE/switch', { body: { on } });
    const nagadLive = async () =>
      (
        await people.independent.session.call('GET', '/api/v1/admin/payouts/rail-switches')
      ).body.data.items.find(
        (entry: { rail: string; mode: string }) => entry.rail === 'nagad' && entry.mode === 'LIVE',
      );
    try {
      // Switching off applies at once.
      expect((await switchNagad(false)).status).toBe(200);
      const proposed = await switchNagad(true);
      expect(proposed.status).toBe(202);
      expect(proposed.body.data).toMatchObject({ proposedOn: true, status: 'PENDING' });
      expect(await nagadLive()).toMatchObject({ on: false });
      await expectOnlyIndependentDecides(people, (session) =>
        session.call('POST', `/api/v1/admin/payouts/rail-switch-changes/${proposed.body.data.id}/approve`, {
          body: {},
        }),
      );
      expect(await nagadLive()).toMatchObject({ on: true, pendingChange: null });
    } finally {
      await switchEveryRailOn(stack.em());
    }
  });

  describe('workflow doors, knocked on directly', () => {
    const forgedId = (kind: string) => `forged-matrix-${kind}-${randomToken(8)}`;
    const start = (workflowType: string, input: unknown) =>
      stack.client.workflow.start(workflowType, {
        taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
        workflowId: forgedId(workflowType),
        args: [input],
      });

    const endOf = (result: Promise<unknown>, withinMs = 30_000) => endOfRun(result, withinMs);
    const aMoment = () => new Promise((resolve) => setTimeout(resolve, 3_000));

    /** A decision on a refund as only a database writer could record it: the activity judges it. */
    const recorded = (
      refundId: number,
      operator: Operator,
      stage: 'APPROVAL' | 'CONFIRMATION',
      verdict: 'APPROVE' | 'REJECT' | 'SUCCEEDED' | 'FAILED',
    ) =>
      recordDecision(stack.em(), {
        refundId,
        stage,
        verdict,
        gatewayRefundId: null,
        comment: 'forged',
        operator: { operatorId: operator.id, role: operator.role, email: operator.email, ip: null },
      });

    /** The refund is as it was asked for: nothing paid, booked, or sent to its gateway. */
    async function expectRefundUnmoved(
      payment: { reference: string },
      refund: { reference: string },
      status: string,
    ) {
      expect((await refundRow(refund.reference)).status).toBe(status);
      expect(await ledgerLinesForSource(stack.em(), 'refund', refund.reference)).toEqual([]);
      expect(await refundPayoutsOf(refund.reference)).toEqual([]);
      if (status === 'PENDING_APPROVAL') expect(gatewayRefunds(payment.reference)).toEqual([]);
    }

    /** A TEST payout of a new app that waits for one approver. */
    async function waitingPayout() {
      const app = await stack.registerApp();
      await setPayoutRules(stack.em(), app.app.id, 'TEST', {
        enabled: true,
        floor: 0,
        bands: [{ currency: null, fromMinor: 0, toMinor: null, approvers: 1 }],
      });
      const asked = await stack.api('POST', '/api/v1/payouts', {
        creds: app.test,
        body: { amountMinor: 31_000, beneficiary: walletLine(91).beneficiary },
      });
      expect(asked.body.data).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 1 });
      const reference = asked.body.data.reference as string;
      const [row] = await stack
        .em()
        .execute<Array<{ id: string }>>('select id from payouts where reference = ?', [reference]);
      return { id: Number(row!.id), reference };
    }
    async function expectPayoutUnmoved(payout: { id: number; reference: string }) {
      const [row] = await stack
        .em()
        .execute<Array<{ status: string; amount_minor: string }>>(
          'select status, amount_minor from payouts where id = ?',
          [payout.id],
        );
      expect({ status: row!.status, amountMinor: Number(row!.amount_minor) }).toEqual({
        status: 'WAITING_APPROVAL',
        amountMinor: 31_000,
      });
      expect(await ledgerLinesForSource(stack.em(), 'payout', payout.reference)).toEqual([]);
      const { transfers } = await stack.gatewaySimulators.control<{
        transfers: Array<{ merchantInvoiceNumber: string }>;
      }>('bkash-disbursement', 'GET', '/__simulator/transfers');
      expect(transfers.filter((t) => t.merchantInvoiceNumber === payout.reference)).toEqual([]);
    }

    /** A TEST batch of a new app, asked for by its key, that waits for one approver. */
    async function waitingBatch() {
      const app = await stack.registerApp();
      await setPayoutRules(stack.em(), app.app.id, 'TEST', {
        enabled: true,
        floor: 0,
        bands: [{ currency: null, fromMinor: 0, toMinor: null, approvers: 1 }],
      });
      const asked = await stack.api('POST', '/api/v1/payout-batches', {
        creds: app.test,
        body: { lines: [walletLine(92), walletLine(93)] },
      });
      expect(asked.body.data).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 1 });
      const reference = asked.body.data.reference as string;
      const [row] = await stack
        .em()
        .execute<Array<{ id: string }>>('select id from payout_batches where reference = ?', [reference]);
      return { id: Number(row!.id), reference };
    }
    async function expectBatchUnmoved(batch: { id: number }) {
      expect(await batchRow(batch.id)).toEqual({ status: 'WAITING_APPROVAL', lines_made: '0' });
    }

    /** An adjustment waiting for a second operator, with an approval by an account its proposer created. */
    async function adjustmentApprovedByTie() {
      const people = await secondPersons('FINANCE', 'FINANCE');
      const adjustment = await proposedAdjustment(people.requester);
      const tie = people.tied[1];
      // Recorded as only a database writer could: the activity judges it again.
      expect(
        await recordReconApproval(stack.em(), adjustment.decisionId, {
          operatorId: tie.id,
          role: tie.role,
          email: tie.email,
          ip: null,
          steppedUp: true,
          note: 'forged',
        }),
      ).toBe(true);
      return adjustment;
    }
    async function expectAdjustmentUnposted(adjustment: Awaited<ReturnType<typeof proposedAdjustment>>) {
      expect(await entriesFor([adjustment.reference, adjustment.lineKey])).toEqual([]);
      expect(await reconDecisionStatus(adjustment.decisionId)).toBe('PROPOSED');
      const [exception] = await stack
        .em()
        .execute<Array<{ status: string }>>('select status from recon_exceptions where reference = ?', [
          adjustment.reference,
        ]);
      expect(exception!.status).toBe('OPEN');
    }
    const resolveNaming = (adjustment: Awaited<ReturnType<typeof proposedAdjustment>>) => ({
      exceptionReference: adjustment.reference,
      action: 'POST_ADJUSTMENT' as const,
      note: 'forged',
      decisionId: adjustment.decisionId,
    });

    /** For each workflow door that carries out a money action: a knock with what a forger has. */
    const KNOCKS: Record<string, () => Promise<void>> = {
      'workflow refundWorkflow': async () => {
        const requester = await signedIn('FINANCE');
        const { payment, refund } = await refundToStranger(requester);
        // A run claiming the gateway refunded it, and one claiming it goes out by payout.
        const succeeded = await start('refundWorkflow', {
          refundId: refund.id,
          reference: refund.reference,
          createdEventId: null,
          progress: { outcome: 'SUCCEEDED', gatewayRefundId: null, reason: null },
        });
        expect(await endOf(succeeded.result())).toBe('REFUND_OUTCOME_UNRECORDED');
        const paidOut = await start('refundWorkflow', {
          refundId: refund.id,
          reference: refund.reference,
          createdEventId: null,
          progress: { outcome: 'PROCESSING', gatewayRefundId: null, reason: null, payOut: true },
        });
        expect(await endOf(paidOut.result())).toBe('REFUND_NOT_APPROVED');
        await expectRefundUnmoved(payment, refund, 'PENDING_APPROVAL');
      },

      'update approveRefund': async () => {
        const people = await secondPersons('FINANCE', 'FINANCE');
        const { payment, refund } = await refundToStranger(people.requester);
        const handle = stack.client.workflow.getHandle(workflowIds.refund(refund.reference));
        for (const tied of people.tied) {
          const decision = await recorded(refund.id, tied, 'APPROVAL', 'APPROVE');
          await expect(
            handle.executeUpdate('approveRefund', { args: [{ decisionId: decision.id }] }),
          ).rejects.toMatchObject({ cause: { type: 'SELF_APPROVAL_FORBIDDEN' } });
        }
        await expectRefundUnmoved(payment, refund, 'PENDING_APPROVAL');
      },

      'update rejectRefund': async () => {
        const people = await secondPersons('FINANCE', 'FINANCE');
        const { payment, refund } = await refundToStranger(people.requester);
        const handle = stack.client.workflow.getHandle(workflowIds.refund(refund.reference));
        await expect(
          handle.executeUpdate('rejectRefund', { args: [{ decisionId: 2 ** 40 }] }),
        ).rejects.toMatchObject({ cause: { type: 'FORBIDDEN' } });
        for (const tied of people.tied) {
          const decision = await recorded(refund.id, tied, 'APPROVAL', 'REJECT');
          await expect(
            handle.executeUpdate('rejectRefund', { args: [{ decisionId: decision.id }] }),
          ).rejects.toMatchObject({ cause: { type: 'SELF_APPROVAL_FORBIDDEN' } });
        }
        await expectRefundUnmoved(payment, refund, 'PENDING_APPROVAL');
      },

      'update confirmRefund': async () => {
        const people = await secondPersons('FINANCE', 'FINANCE');
        const { payment, refund } = await refundHeldWithoutId(people.requester);
        const handle = stack.client.workflow.getHandle(workflowIds.refund(refund.reference));
        for (const tied of people.tied) {
          const decision = await recorded(refund.id, tied, 'CONFIRMATION', 'FAILED');
          await expect(
            handle.executeUpdate('confirmRefund', { args: [{ decisionId: decision.id }] }),
          ).rejects.toMatchObject({ cause: { type: 'SELF_APPROVAL_FORBIDDEN' } });
        }
        await expectRefundUnmoved(payment, refund, 'PROCESSING');
        const still = await people.independent.session.call(
          'GET',
          `/api/v1/admin/refunds/${refund.reference}`,
        );
        expect(still.body.data.awaitingConfirmation).not.toBeNull();
      },

      'workflow payoutWorkflow': async () => {
        const payout = await waitingPayout();
        const forged = await start('payoutWorkflow', {
          payoutId: payout.id,
          reference: payout.reference,
          status: 'SCHEDULED',
          sendAfter: new Date(Date.now() - 60_000).toISOString(),
          approvedBy: [1],
        });
        await forged.signal('payoutChanged');
        await aMoment();
        await expectPayoutUnmoved(payout);
        await forged.terminate('test over');
      },

      'signal payoutChanged': async () => {
        const payout = await waitingPayout();
        const approver = await signedIn('FINANCE');
        await stack.client.workflow
          .getHandle(`payout-${payout.reference}`)
          .signal('payoutChanged', { decision: { operatorId: approver.id, verdict: 'APPROVE' } });
        await aMoment();
        await expectPayoutUnmoved(payout);
      },

      'workflow payoutBatchWorkflow': async () => {
        const batch = await waitingBatch();
        const forged = await start('payoutBatchWorkflow', {
          batchId: batch.id,
          reference: batch.reference,
          fromLine: 1,
          status: 'CREATING',
          approvedBy: [1],
        });
        await forged.signal('payoutBatchChanged');
        await aMoment();
        await expectBatchUnmoved(batch);
        await forged.terminate('test over');
      },

      'signal payoutBatchChanged': async () => {
        const batch = await waitingBatch();
        const approver = await signedIn('FINANCE');
        await stack.client.workflow
          .getHandle(`payout-batch-${batch.reference}`)
          .signal('payoutBatchChanged', { decision: { operatorId: approver.id, verdict: 'APPROVE' } });
        await aMoment();
        await expectBatchUnmoved(batch);
      },

      'workflow payoutLinesWorkflow': async () => {
        const batch = await waitingBatch();
        const forged = await start('payoutLinesWorkflow', {
          batchId: batch.id,
          batchReference: batch.reference,
          chunk: 0,
          status: 'SCHEDULED',
          approvedBy: [1],
        });
        await forged.signal('payoutLinesChanged');
        await aMoment();
        await expectBatchUnmoved(batch);
        await forged.terminate('test over');
      },

      'signal payoutLinesChanged': async () => {
        const batch = await waitingBatch();
        const approver = await signedIn('FINANCE');
        // The id its chunk's workflow would have once the batch ran: nothing may start the batch early.
        const lines = await stack.client.workflow.start('payoutLinesWorkflow', {
          taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
          workflowId: `payout-batch-${batch.reference}-lines-0`,
          args: [{ batchId: batch.id, batchReference: batch.reference, chunk: 0 }],
        });
        await lines.signal('payoutLinesChanged', {
          decision: { operatorId: approver.id, verdict: 'APPROVE' },
        });
        await aMoment();
        await expectBatchUnmoved(batch);
        await lines.terminate('test over');
      },

      'workflow reconciliationWorkflow': async () => {
        const adjustment = await adjustmentApprovedByTie();
        // A run of the same day under another id, carrying a tolerance and an approval of its own.
        const forged = await start('reconciliationWorkflow', {
          gateway: GATEWAY,
          mode: 'TEST',
          settlementDate: adjustment.date,
          roundingToleranceMinor: 1_000_000,
          approved: [adjustment.reference],
        });
        await expect(
          forged.executeUpdate(resolveExceptionUpdate, { args: [resolveNaming(adjustment)] }),
        ).rejects.toMatchObject({ cause: { type: 'RECON_SECOND_OPERATOR_REQUIRED' } });
        await aMoment();
        await expectAdjustmentUnposted(adjustment);
        await forged.terminate('test over');
      },

      'update resolveException': async () => {
        const adjustment = await adjustmentApprovedByTie();
        const handle = stack.client.workflow.getHandle(
          workflowIds.reconciliation(GATEWAY, 'TEST', adjustment.date),
        );
        await expect(
          handle.executeUpdate(resolveExceptionUpdate, { args: [resolveNaming(adjustment)] }),
        ).rejects.toMatchObject({ cause: { type: 'RECON_SECOND_OPERATOR_REQUIRED' } });
        await expectAdjustmentUnposted(adjustment);
      },
    };

    const carryOutDoors = Object.entries(WORKFLOW_DOORS)
      .filter(([, use]) => 'step' in use && use.step === 'carry-out')
      .map(([door]) => door)
      .sort();

    it('has a knock for every workflow door that carries out a money action, and none for a door that does not', () => {
      expect(carryOutDoors.length).toBeGreaterThan(0);
      expect(Object.keys(KNOCKS).sort()).toEqual(carryOutDoors);
    });

    it.each(carryOutDoors)(
      '%s: a forged knock moves nothing',
      async (door) => {
        const knock = KNOCKS[door];
        expect(knock).toBeDefined();
        await knock!();
      },
      120_000,
    );
  });
});
