import { temporal } from '@temporalio/proto';
import { ledgerLinesForSource } from '../../../db/ledger/ledger.js';
import { recordDecision } from '../../../db/refunds/refund-decisions.js';
import { backdateEvidence } from '../../helpers/evidence.js';
import { refundView } from '../../../db/refunds/refund-view.js';
import { takeRefund } from '../../../activities/refunds/refund-taking.js';
import { newRefundReference } from '../../../domain/shared/ids.js';
import { DEFAULT_APPROVAL_RULES, rulesFromPolicy } from '../../../domain/refunds/refund-approval-rules.js';
import type { Role } from '../../../domain/operators/permissions.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { approveRefundUpdate } from '../../../workflows/refunds/messages.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../../helpers/stack.js';
import { recordHistoryFixture } from '../../helpers/history-fixtures.js';
import { runCli } from '../../helpers/cli.js';

type Session = Awaited<ReturnType<Stack['adminLogin']>>;

/** Approving more than this (minor units) needs a fresh password in these tests. */
const STEP_UP_ABOVE = 5000;

async function signedIn(stack: Stack, role: 'FINANCE' | 'ADMIN' | 'SUPPORT') {
  const operator = await stack.createOperator(role);
  return { operator, session: await stack.adminLogin(operator.email, operator.password) };
}

const refundOf = (stack: Stack, creds: Credentials, payment: string, body: Record<string, unknown>) =>
  stack.api('POST', `/api/v1/payments/${payment}/refunds`, { creds, body });

const readRefund = async (stack: Stack, creds: Credentials, reference: string) =>
  (await stack.api('GET', `/api/v1/refunds/${reference}`, { creds })).body.data;

async function setPolicy(session: Session, appId: number, policy: Record<string, unknown>) {
  const answer = await session.call('PUT', `/api/v1/admin/apps/${appId}/refund-approval/TEST`, {
    body: policy,
  });
  if (answer.status !== 200) throw new Error(`policy not set: ${JSON.stringify(answer.body)}`);
}

/** The decisions recorded for a refund, oldest first. */
const decisionsOf = (stack: Stack, reference: string) =>
  stack.em().execute<
    Array<{
      id: string;
      operator_id: string;
      stage: string;
      verdict: string;
      status: string;
      refusal_code: string | null;
    }>
  >(
    `select d.id, d.operator_id, d.stage, d.verdict, d.status, d.refusal_code from refund_decisions d
        join refunds r on r.id = d.refund_id where r.reference = ? order by d.id`,
    [reference],
  );

/** Update events in the refund workflow's history: refused decisions leave none. */
async function acceptedUpdates(stack: Stack, reference: string): Promise<number> {
  const history = await stack.client.workflow.getHandle(workflowIds.refund(reference)).fetchHistory();
  return (history.events ?? []).filter(
    (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  ).length;
}

describe('refund approval', () => {
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let financeA: Awaited<ReturnType<typeof signedIn>>;
  let financeB: Awaited<ReturnType<typeof signedIn>>;
  let support: Awaited<ReturnType<typeof signedIn>>;
  /** The API's clock runs this far ahead: signing in counts as a fresh password, until it does not. */
  let aheadMs = 0;
  const pastStepUpWindow = () => {
    aheadMs += 6 * 60_000;
  };

  beforeAll(async () => {
    stack = await startStack({
      clock: () => new Date(Date.now() + aheadMs),
      configOverrides: { REFUND_APPROVAL_STEP_UP_ABOVE_MINOR: String(STEP_UP_ABOVE) },
    });
    receiver = await startWebhookReceiver();
    financeA = await signedIn(stack, 'FINANCE');
    financeB = await signedIn(stack, 'FINANCE');
    support = await signedIn(stack, 'SUPPORT');
  });
  afterAll(async () => {
    await receiver.close();
    await stack.close();
  });

  it('a refund above the threshold waits for an approver, holds its amount, and is carried out once approved', async () => {
    const app = await stack.registerApp();
    const { secret } = await stack.setWebhook(app.app.id, receiver.url);
    // Setting a policy loosens or tightens a money control: it needs step-up.
    const policy = { rule: 'ABOVE_AMOUNT', thresholdMinor: 5000, currency: 'BDT' } as const;
    pastStepUpWindow();
    const unstepped = await financeA.session.call(
      'PUT',
      `/api/v1/admin/apps/${app.app.id}/refund-approval/TEST`,
      {
        body: policy,
      },
    );
    expect(unstepped.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
    expect((await financeA.session.stepUp()).status).toBe(200);
    await setPolicy(financeA.session, app.app.id, policy);
    expect(
      (await financeA.session.call('GET', `/api/v1/admin/apps/${app.app.id}/refund-approval`)).body.data,
    ).toEqual({
      TEST: { rules: rulesFromPolicy(policy) },
      LIVE: { rules: DEFAULT_APPROVAL_RULES.LIVE },
    });

    const payment = await stack.paidPayment(app.test, { amountMinor: 10000 });
    const small = await refundOf(stack, app.test, payment.reference, { amountMinor: 3000 });
    expect(small.body.data.status).toBe('PROCESSING');
    const large = await refundOf(stack, app.test, payment.reference, {
      amountMinor: 6000,
      reason: 'returned',
    });
    expect(large.status).toBe(201);
    expect(large.body.data.status).toBe('PENDING_APPROVAL');
    const reference = large.body.data.reference as string;
    expect((await receiver.verified(secret, 'refund.approval_required', reference)).data).toMatchObject({
      status: 'PENDING_APPROVAL',
      amountMinor: 6000,
    });
    // The waiting refund holds its amount: 10,000 − 3,000 − 6,000 leaves 1,000.
    const over = await refundOf(stack, app.test, payment.reference, { amountMinor: 2000 });
    expect(over.body.meta).toMatchObject({
      errorCode: 'REFUND_EXCEEDS_REFUNDABLE',
      details: { refundableMinor: 1000 },
    });

    const queue = await financeB.session.call(
      'GET',
      `/api/v1/admin/refunds?status=PENDING_APPROVAL&appId=${app.app.id}`,
    );
    expect(queue.body.data.items.map((r: { reference: string }) => r.reference)).toEqual([reference]);
    expect(queue.body.data.items[0].temporalUrl).toContain(`/workflows/refund-${reference}`);

    // SUPPORT may not decide; a large approval needs step-up; then the approver sees the result at once.
    const bySupport = await support.session.call('POST', `/api/v1/admin/refunds/${reference}/approve`, {
      body: {},
    });
    expect(bySupport.status).toBe(403);
    expect(bySupport.body.meta.errorCode).toBe('FORBIDDEN');
    pastStepUpWindow();
    const notStepped = await financeB.session.call('POST', `/api/v1/admin/refunds/${reference}/approve`, {
      body: {},
    });
    expect(notStepped.body.meta.errorCode).toBe('STEP_UP_REQUIRED');
    expect((await financeB.session.stepUp()).status).toBe(200);
    const approved = await financeB.session.call('POST', `/api/v1/admin/refunds/${reference}/approve`, {
      body: { comment: 'goods received back' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({
      status: 'PROCESSING',
      decision: {
        operatorId: financeB.operator.id,
        by: financeB.operator.email,
        comment: 'goods received back',
      },
    });

    // A second decision is refused, by the API and, racing past it, by the workflow's validator:
    // even the approver's own applied decision, named again.
    const second = await financeA.session.call('POST', `/api/v1/admin/refunds/${reference}/reject`, {
      body: {},
    });
    expect(second.status).toBe(409);
    expect(second.body.meta.errorCode).toBe('REFUND_NOT_PENDING_APPROVAL');
    const [applied] = await decisionsOf(stack, reference);
    expect(applied).toMatchObject({ operator_id: String(financeB.operator.id), status: 'APPLIED' });
    await expect(
      stack.client.workflow.getHandle(workflowIds.refund(reference)).executeUpdate(approveRefundUpdate, {
        args: [{ decisionId: Number(applied!.id) }],
      }),
    ).rejects.toMatchObject({ cause: { type: 'REFUND_NOT_PENDING_APPROVAL' } });

    await eventually(
      async () => (await readRefund(stack, app.test, reference)).status === 'SUCCEEDED',
      30_000,
      'SUCCEEDED',
    );
    expect(await stack.readPayment(app.test, payment.reference)).toMatchObject({
      refundedMinor: 3000 + 6000,
    });
    await receiver.verified(secret, 'refund.approved', reference);
    await receiver.verified(secret, 'refund.succeeded', reference);
    expect(await acceptedUpdates(stack, reference)).toBe(1);
    await recordHistoryFixture(`refund-${reference}`, 'refund-approved-after-refused-decisions');

    const audit = await financeA.session.call('GET', `/api/v1/admin/audit?action=refund.approved`);
    expect(audit.body.data.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actorLabel: financeB.operator.email, targetId: reference }),
      ]),
    );
  });

  it("an operator's refund is decided by someone else; a rejection releases its amount", async () => {
    const app = await stack.registerApp();
    const { secret } = await stack.setWebhook(app.app.id, receiver.url);
    expect((await financeA.session.stepUp()).status).toBe(200);
    await setPolicy(financeA.session, app.app.id, { rule: 'ALWAYS' });
    const payment = await stack.paidPayment(app.test, { amountMinor: 4000 });

    const asked = await financeA.session.call('POST', `/api/v1/admin/payments/${payment.reference}/refunds`, {
      body: { reason: 'customer complaint' },
    });
    expect(asked.status).toBe(201);
    expect(asked.body.data).toMatchObject({
      status: 'PENDING_APPROVAL',
      amountMinor: 4000,
      requestedByOperatorId: financeA.operator.id,
    });
    const reference = asked.body.data.reference as string;

    // The API refuses the operator who asked before recording anything: nothing reaches the workflow.
    const self = await financeA.session.call('POST', `/api/v1/admin/refunds/${reference}/approve`, {
      body: {},
    });
    expect(self.status).toBe(403);
    expect(self.body.meta.errorCode).toBe('SELF_APPROVAL_FORBIDDEN');
    // An approver sent straight to the workflow, as updates once carried one, is no authority.
    await expect(
      stack.client.workflow.getHandle(workflowIds.refund(reference)).executeUpdate('approveRefund', {
        args: [{ approver: { operatorId: support.operator.id, email: 'x', role: 'ADMIN', ip: null } }],
      }),
    ).rejects.toMatchObject({ cause: { type: 'FORBIDDEN' } });
    expect(await acceptedUpdates(stack, reference)).toBe(0);
    expect(await decisionsOf(stack, reference)).toEqual([]);

    const rejected = await financeB.session.call('POST', `/api/v1/admin/refunds/${reference}/reject`, {
      body: { comment: 'not eligible under the returns policy' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.data).toMatchObject({
      status: 'REJECTED',
      failureReason: expect.stringContaining('not eligible under the returns policy'),
    });
    expect((await receiver.verified(secret, 'refund.rejected', reference)).data).toMatchObject({
      status: 'REJECTED',
    });
    expect(await readRefund(stack, app.test, reference)).toMatchObject({ status: 'REJECTED' });
    await eventually(
      async () =>
        (await stack.client.workflow.getHandle(workflowIds.refund(reference)).describe()).status.name ===
        'COMPLETED',
      10_000,
      'workflow closed',
    );
    await recordHistoryFixture(`refund-${reference}`, 'refund-rejected-self-approval-refused');
    // Released: the whole payment can be asked for again.
    const again = await refundOf(stack, app.test, payment.reference, {});
    expect(again.body.data).toMatchObject({ status: 'PENDING_APPROVAL', amountMinor: 4000 });
  });

  it('an update sent straight to Temporal with a forged approver or a decision not its own approves nothing', async () => {
    const app = await stack.registerApp();
    expect((await financeA.session.stepUp()).status).toBe(200);
    await setPolicy(financeA.session, app.app.id, { rule: 'ALWAYS' });
    const payment = await stack.paidPayment(app.test, { amountMinor: 3000 });
    const ask = async (amountMinor: number) => {
      const asked = await financeA.session.call(
        'POST',
        `/api/v1/admin/payments/${payment.reference}/refunds`,
        { body: { amountMinor, reason: 'returned' } },
      );
      expect(asked.body.data).toMatchObject({ status: 'PENDING_APPROVAL' });
      return asked.body.data as { id: number; reference: string };
    };
    const target = await ask(2000);
    const other = await ask(1000);
    const admin = await stack.createOperator('ADMIN');
    const leaver = await stack.createOperator('FINANCE');
    // Decisions as only a compromised database writer could record them: the activity judges each.
    const recorded = (
      refundId: number,
      operator: { id: number; email: string; role: Role },
      verdict: 'APPROVE' | 'REJECT' = 'APPROVE',
    ) =>
      recordDecision(stack.em(), {
        refundId,
        stage: 'APPROVAL',
        verdict,
        gatewayRefundId: null,
        comment: 'forged',
        operator: { operatorId: operator.id, role: operator.role, email: operator.email, ip: null },
      });
    const handle = stack.client.workflow.getHandle(workflowIds.refund(target.reference));
    const send = (update: 'approveRefund' | 'rejectRefund', message: unknown) =>
      handle.executeUpdate(update, { args: [message] });

    // An approver in the message, claiming ADMIN, as updates once carried one.
    await expect(
      send('approveRefund', {
        approver: { operatorId: admin.id, email: admin.email, role: 'ADMIN', ip: null },
        comment: null,
      }),
    ).rejects.toMatchObject({ cause: { type: 'FORBIDDEN' } });
    // A decision id that names nothing, and one of another refund (an ADMIN's, genuine there).
    await expect(send('approveRefund', { decisionId: 2 ** 40 })).rejects.toMatchObject({
      cause: { type: 'FORBIDDEN' },
    });
    const othersDecision = await recorded(other.id, admin);
    await expect(send('approveRefund', { decisionId: othersDecision.id })).rejects.toMatchObject({
      cause: { type: 'FORBIDDEN' },
    });
    // The requester's own decision.
    const own = await recorded(target.id, { ...financeA.operator, role: 'FINANCE' });
    await expect(send('approveRefund', { decisionId: own.id })).rejects.toMatchObject({
      cause: { type: 'SELF_APPROVAL_FORBIDDEN' },
    });
    // A SUPPORT operator recorded as ADMIN: the operator is read again, role as it is now.
    const promoted = await recorded(target.id, { ...support.operator, role: 'ADMIN' });
    await expect(send('approveRefund', { decisionId: promoted.id })).rejects.toMatchObject({
      cause: { type: 'FORBIDDEN' },
    });
    // An approver disabled since deciding.
    const left = await recorded(target.id, { ...leaver, role: 'FINANCE' });
    await stack.em().execute(`update operators set status = 'DISABLED' where id = ?`, [leaver.id]);
    await expect(send('approveRefund', { decisionId: left.id })).rejects.toMatchObject({
      cause: { type: 'FORBIDDEN' },
    });
    // A rejection sent as an approval.
    const rejection = await recorded(target.id, admin, 'REJECT');
    await expect(send('approveRefund', { decisionId: rejection.id })).rejects.toMatchObject({
      cause: { type: 'FORBIDDEN' },
    });

    // A genuine ADMIN's approval, recorded but never delivered (the operator was told to try
    // again), named long after: it has lapsed.
    const lapsed = await recorded(target.id, admin);
    await backdateEvidence(
      stack.em(),
      'refund_decisions',
      `update refund_decisions set created_at = now() - interval '10 minutes' where id = ?`,
      [lapsed.id],
    );
    await expect(send('approveRefund', { decisionId: lapsed.id })).rejects.toMatchObject({
      cause: { type: 'FORBIDDEN', message: expect.stringContaining('too long ago') },
    });

    // Nothing moved: both refunds still wait, no ledger entry, the other refund's decision untouched.
    for (const refund of [target, other]) {
      const now = await financeB.session.call('GET', `/api/v1/admin/refunds/${refund.reference}`);
      expect(now.body.data).toMatchObject({ status: 'PENDING_APPROVAL', decision: null });
      expect(await ledgerLinesForSource(stack.em(), 'refund', refund.reference)).toEqual([]);
    }
    expect((await decisionsOf(stack, other.reference)).map((d) => d.status)).toEqual(['RECORDED']);
    expect((await decisionsOf(stack, target.reference)).map((d) => [d.status, d.refusal_code])).toEqual([
      ['REFUSED', 'SELF_APPROVAL_FORBIDDEN'],
      ['REFUSED', 'FORBIDDEN'],
      ['REFUSED', 'FORBIDDEN'],
      ['REFUSED', 'FORBIDDEN'],
      ['REFUSED', 'FORBIDDEN'],
    ]);
    const refusals = await stack
      .em()
      .execute<Array<{ code: string }>>(
        `select after->>'code' as code from audit_log where action = 'refund.decision_refused' and target_id = ? order by id`,
        [target.reference],
      );
    expect(refusals.map((r) => r.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'SELF_APPROVAL_FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);

    // The refund still waits: a second person, signed in, approves it and the money moves.
    const approved = await financeB.session.call(
      'POST',
      `/api/v1/admin/refunds/${target.reference}/approve`,
      {
        body: { comment: 'checked' },
      },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({
      status: 'PROCESSING',
      decision: { operatorId: financeB.operator.id },
    });
    await eventually(
      async () => (await readRefund(stack, app.test, target.reference)).status === 'SUCCEEDED',
      30_000,
      'SUCCEEDED',
    );
    expect(await ledgerLinesForSource(stack.em(), 'refund', target.reference)).toHaveLength(2);
    await eventually(
      async () => (await handle.describe()).status.name === 'COMPLETED',
      10_000,
      'workflow closed',
    );
    await recordHistoryFixture(
      `refund-${target.reference}`,
      'refund-approved-by-recorded-decision-after-forgeries',
    );
  });

  it('a decision reaches a refund whose workflow never started (the API stopped after taking it)', async () => {
    const app = await stack.registerApp();
    expect((await financeA.session.stepUp()).status).toBe(200);
    await setPolicy(financeA.session, app.app.id, { rule: 'ALWAYS' });
    const payment = await stack.paidPayment(app.test, { amountMinor: 2500 });
    const taken = await takeRefund(
      stack.em(),
      { id: payment.id },
      { reference: newRefundReference(), reason: null, metadata: {}, idempotencyKey: null },
      refundView,
      3_600_000,
    );
    if (!('refund' in taken)) throw new Error('refund refused');
    expect(taken.refund.status).toBe('PENDING_APPROVAL');
    const approved = await financeB.session.call(
      'POST',
      `/api/v1/admin/refunds/${taken.refund.reference}/approve`,
      {
        body: {},
      },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.data.status).toBe('PROCESSING');
    await eventually(
      async () => (await readRefund(stack, app.test, taken.refund.reference)).status === 'SUCCEEDED',
      30_000,
      'SUCCEEDED',
    );
  });

  it('npm run cli -- refunds:approve decides as the operator whose password it is given', async () => {
    const app = await stack.registerApp();
    expect((await financeA.session.stepUp()).status).toBe(200);
    await setPolicy(financeA.session, app.app.id, { rule: 'ALWAYS' });
    const payment = await stack.paidPayment(app.test, { amountMinor: 2000 });
    const reference = (await refundOf(stack, app.test, payment.reference, { amountMinor: 1500 })).body.data
      .reference as string;
    const cli = (password: string, ...args: string[]) =>
      runCli(['refunds:approve', '--refund', reference, ...args], `${password}\n`, {
        TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
      });

    // The CLI records and sends as the dashboard does: the operator who asked cannot decide.
    const own = (
      await financeA.session.call('POST', `/api/v1/admin/payments/${payment.reference}/refunds`, {
        body: { amountMinor: 500, reason: 'asked by finance A' },
      })
    ).body.data.reference as string;
    // The three refusals are independent of each other: their processes run side by side.
    const [wrong, bySupport, self] = await Promise.all([
      cli('not-the-password', '--email', financeB.operator.email),
      cli(support.operator.password, '--email', support.operator.email),
      runCli(
        ['refunds:approve', '--refund', own, '--email', financeA.operator.email],
        `${financeA.operator.password}\n`,
        {
          TEMPORAL_ADDRESS: stack.config.TEMPORAL_ADDRESS,
          TEMPORAL_TASK_QUEUE: stack.config.TEMPORAL_TASK_QUEUE,
        },
      ),
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('wrong email or password');
    expect(bySupport.code).toBe(1);
    expect(bySupport.stderr).toContain('FORBIDDEN');
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('SELF_APPROVAL_FORBIDDEN');
    expect(await decisionsOf(stack, own)).toEqual([]);
    const approved = await cli(
      financeB.operator.password,
      '--email',
      financeB.operator.email,
      '--comment',
      'ok',
      '--json',
    );
    expect(approved.code).toBe(0);
    expect(JSON.parse(approved.stdout)).toEqual({ reference, status: 'PROCESSING' });
    await eventually(
      async () => (await readRefund(stack, app.test, reference)).status === 'SUCCEEDED',
      30_000,
      'SUCCEEDED',
    );
  });

  it('refuses bad policies and unknown refunds with clear errors', async () => {
    const app = await stack.registerApp();
    expect((await financeA.session.stepUp()).status).toBe(200);
    const put = (body: unknown, mode = 'TEST') =>
      financeA.session.call('PUT', `/api/v1/admin/apps/${app.app.id}/refund-approval/${mode}`, { body });
    expect((await put({ rule: 'ABOVE_AMOUNT' })).body.meta.errorCode).toBe('VALIDATION_ERROR');
    expect((await put({ rule: 'NEVER', thresholdMinor: 5 })).body.meta.errorCode).toBe('VALIDATION_ERROR');
    expect((await put({ rule: 'SOMETIMES' })).body.meta.errorCode).toBe('VALIDATION_ERROR');
    expect((await put({ rule: 'ALWAYS' }, 'PROD')).body.meta.errorCode).toBe('VALIDATION_ERROR');
    const unknown = await financeA.session.call(
      'POST',
      '/api/v1/admin/refunds/rf_00000000000000000000/approve',
      {
        body: {},
      },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.meta.errorCode).toBe('REFUND_NOT_FOUND');
    // A refund that never waited cannot be decided.
    const payment = await stack.paidPayment(app.test, { amountMinor: 1000 });
    const direct = await refundOf(stack, app.test, payment.reference, {});
    const decided = await financeB.session.call(
      'POST',
      `/api/v1/admin/refunds/${direct.body.data.reference}/approve`,
      {
        body: {},
      },
    );
    expect(decided.status).toBe(409);
  });

  it('a refund nobody decides expires and releases its amount', async () => {
    const app = await stack.registerApp();
    const { session } = await signedIn(stack, 'ADMIN');
    expect((await session.stepUp()).status).toBe(200);
    await setPolicy(session, app.app.id, { rule: 'ALWAYS' });
    const payment = await stack.paidPayment(app.test, { amountMinor: 3000 });
    // The API takes this refund as one configured with REFUND_APPROVAL_WINDOW_HOURS=0.001 does:
    // it waits 3.6 seconds for an approver. (The API reads its settings at each request; the
    // suite's stack is not started again for one setting.)
    const windowHours = stack.config.REFUND_APPROVAL_WINDOW_HOURS;
    stack.config.REFUND_APPROVAL_WINDOW_HOURS = 0.001;
    const asked = await refundOf(stack, app.test, payment.reference, {}).finally(() => {
      stack.config.REFUND_APPROVAL_WINDOW_HOURS = windowHours;
    });
    const reference = asked.body.data.reference as string;
    expect(asked.body.data.status).toBe('PENDING_APPROVAL');
    const expired = await eventually(
      async () => {
        const refund = await readRefund(stack, app.test, reference);
        return refund.status === 'EXPIRED' ? refund : null;
      },
      30_000,
      'EXPIRED',
    );
    expect(expired.failureReason).toContain('approval window');
    await recordHistoryFixture(`refund-${reference}`, 'refund-approval-expired');
    const late = await session.call('POST', `/api/v1/admin/refunds/${reference}/approve`, { body: {} });
    expect(late.body.meta.errorCode).toBe('REFUND_NOT_PENDING_APPROVAL');
    const again = await refundOf(stack, app.test, payment.reference, {});
    expect(again.body.data.amountMinor).toBe(3000);
    const [entry] = await stack
      .em()
      .execute<Array<{ actor_type: string }>>(
        `select actor_type from audit_log where action = 'refund.expired' and target_id = ?`,
        [reference],
      );
    expect(entry?.actor_type).toBe('SYSTEM');
  });
});
