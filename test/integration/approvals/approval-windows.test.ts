import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import {
  APPROVAL_WINDOW_MS,
  approvalWorkflowId,
  type ApprovalWorkflowInput,
} from '../../../domain/approvals/approval-windows.js';
import type { Role } from '../../../domain/operators/permissions.js';
import { signInAs, type AdminSession } from '../../helpers/apps-admin.js';
import { recordHistoryFixture } from '../../helpers/history-fixtures.js';
import { startStack, type Stack } from '../../helpers/stack.js';

type Operator = AdminSession & { operatorId: number };

/**
 * Acts waiting for a second person close when their window ends: a proposal nobody decided in
 * seven days, or a LIVE money key nobody collected in seven days after its approval, is EXPIRED,
 * with an audit entry, and a late approval applies nothing. The approvals workflow keeps each
 * open act's window (the sweeper starts it); every door that decides closes a lapsed act first,
 * whether or not its workflow got there. Real PostgreSQL and Temporal; the windows are crossed by
 * moving the acts' own times back.
 */
describe('approval windows', () => {
  let stack: Stack;
  let admin: Operator;
  let otherAdmin: Operator;
  let developer: Operator;
  let finance: Operator;

  const signedIn = async (role: Role): Promise<Operator> => {
    const operator = await signInAs(stack, role);
    expect((await operator.stepUp()).status).toBe(200);
    return operator;
  };
  const sweep = () =>
    createSweeperActivities({
      orm: stack.orm,
      temporal: { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
    }).sweepStranded();
  const workflowOf = (act: ApprovalWorkflowInput) =>
    stack.client.workflow.getHandle(approvalWorkflowId(stack.config.TEMPORAL_TASK_QUEUE, act));
  const expiredAudit = (kind: string, id: number) =>
    stack
      .em()
      .execute<Array<{ actor_label: string; before: { status: string }; after: { status: string } }>>(
        `select actor_label, before, after from audit_log where action = 'approval.expired' and target_type = ? and target_id = ?`,
        [kind, String(id)],
      );
  const statusOf = async (table: string, id: number) =>
    (await stack.em().execute<Array<{ status: string }>>(`select status from ${table} where id = ?`, [id]))[0]
      ?.status;
  const eightDaysAgo = `now() - interval '8 days'`;

  beforeAll(async () => {
    stack = await startStack();
    admin = await signedIn('ADMIN');
    otherAdmin = await signedIn('ADMIN');
    developer = await signedIn('DEVELOPER');
    finance = await signedIn('FINANCE');
  });
  afterAll(() => stack?.close());

  it('a loosened control nobody decided in its window expires through its workflow, and a late approval applies nothing', async () => {
    const { app } = await stack.registerApp();
    const proposed = await admin.call('PUT', `/api/v1/admin/apps/${app.id}/refund-approval/LIVE`, {
      body: { rule: 'NEVER' },
    });
    expect(proposed.status).toBe(202);
    const id = Number(proposed.body.data.id);
    await stack.em().execute(`update control_changes set proposed_at = ${eightDaysAgo} where id = ?`, [id]);

    const sweepResult = await sweep();
    expect(sweepResult.approvalsWatched).toBeGreaterThanOrEqual(1);
    expect(await workflowOf({ kind: 'control-change', id }).result()).toEqual({ status: 'EXPIRED' });
    await recordHistoryFixture(
      approvalWorkflowId(stack.config.TEMPORAL_TASK_QUEUE, { kind: 'control-change', id }),
      'approval-control-change-expired',
    );
    expect(await statusOf('control_changes', id)).toBe('EXPIRED');
    expect(await expiredAudit('control-change', id)).toEqual([
      { actor_label: 'approvals', before: { status: 'PENDING' }, after: { status: 'EXPIRED' } },
    ]);

    const late = await otherAdmin.call('POST', `/api/v1/admin/control-changes/${id}/approve`, { body: {} });
    expect(late.status).toBe(409);
    expect(await statusOf('control_changes', id)).toBe('EXPIRED');
    const rules = await admin.call('GET', `/api/v1/admin/apps/${app.id}/refund-approval`);
    expect(JSON.stringify(rules.body.data)).not.toContain('NEVER');
    // Nothing waits in the queue for it, and the same change may be proposed again.
    const queue = await otherAdmin.call('GET', '/api/v1/admin/approvals');
    expect(
      queue.body.data.items.filter(
        (item: { kind: string; id: string }) => item.kind === 'control-change' && item.id === String(id),
      ),
    ).toEqual([]);
    const again = await admin.call('PUT', `/api/v1/admin/apps/${app.id}/refund-approval/LIVE`, {
      body: { rule: 'NEVER' },
    });
    expect(again.status).toBe(202);
  });

  it('a change to people past its window is refused by the door that would decide it, before its workflow runs', async () => {
    const email = `window-${Date.now()}@ops.example`;
    const proposed = await admin.call('POST', '/api/v1/admin/operators', {
      body: { email, role: 'FINANCE' },
    });
    expect(proposed.status).toBe(202);
    const id = Number(proposed.body.data.id);
    await stack.em().execute(`update people_changes set proposed_at = ${eightDaysAgo} where id = ?`, [id]);

    const late = await otherAdmin.call('POST', `/api/v1/admin/people-changes/${id}/approve`, { body: {} });
    expect({ status: late.status, code: late.body.meta.errorCode }).toEqual({
      status: 409,
      code: 'PEOPLE_CHANGE_NOT_PENDING',
    });
    await sweep();
    expect(await workflowOf({ kind: 'people-change', id }).result()).toEqual({ status: 'EXPIRED' });
    expect(await expiredAudit('people-change', id)).toHaveLength(1);
    const created = await stack.em().execute(`select id from operators where email = ?`, [email]);
    expect(created).toEqual([]);
  });

  it('an approved LIVE money key nobody collected in its window expires, and is never made', async () => {
    const created = await developer.call('POST', '/api/v1/admin/apps', {
      body: { name: 'shop-window-keys' },
    });
    expect(created.status).toBe(201);
    const request = created.body.data.liveKeyRequest as { id: number };
    const approved = await finance.call('POST', `/api/v1/admin/key-requests/${request.id}/approve`, {
      body: {},
    });
    expect(approved.status).toBe(200);
    await stack
      .em()
      .execute(`update key_requests set decided_at = ${eightDaysAgo} where id = ?`, [request.id]);

    await sweep();
    expect(await workflowOf({ kind: 'key-request', id: request.id }).result()).toEqual({
      status: 'EXPIRED',
    });
    const collect = await developer.call('POST', `/api/v1/admin/key-requests/${request.id}/collect`, {
      body: {},
    });
    expect({ status: collect.status, code: collect.body.meta.errorCode }).toEqual({
      status: 409,
      code: 'KEY_REQUEST_NOT_APPROVED',
    });
    const liveKeys = await stack
      .em()
      .execute(`select id from credentials where app_id = ? and mode = 'LIVE'`, [created.body.data.app.id]);
    expect(liveKeys).toEqual([]);
    expect(await expiredAudit('key-request', request.id)).toEqual([
      expect.objectContaining({ before: { status: 'APPROVED' }, after: { status: 'EXPIRED' } }),
    ]);
  });

  it('an open act’s workflow waits, a decision in its window stands, and a start naming no act closes nothing', async () => {
    const { app } = await stack.registerApp();
    const proposed = await admin.call('PUT', `/api/v1/admin/apps/${app.id}/refund-approval/LIVE`, {
      body: { rule: 'NEVER' },
    });
    const id = Number(proposed.body.data.id);
    // The queue says when it expires: seven days after it was proposed.
    const [row] = await stack
      .em()
      .execute<Array<{ proposed_at: Date | string }>>(
        `select proposed_at from control_changes where id = ?`,
        [id],
      );
    const queued = (await otherAdmin.call('GET', '/api/v1/admin/approvals')).body.data.items.find(
      (item: { kind: string; id: string }) => item.kind === 'control-change' && item.id === String(id),
    );
    expect(queued.closesAt).toBe(
      new Date(new Date(row!.proposed_at).getTime() + APPROVAL_WINDOW_MS).toISOString(),
    );
    await sweep();
    const workflow = workflowOf({ kind: 'control-change', id });
    expect((await workflow.describe()).status.name).toBe('RUNNING');
    const approved = await otherAdmin.call('POST', `/api/v1/admin/control-changes/${id}/approve`, {
      body: {},
    });
    expect(approved.status).toBe(200);
    expect(await statusOf('control_changes', id)).toBe('APPROVED');
    await workflow.terminate('the suite ends its own workflow');

    const forged = await stack.client.workflow.start('approvalWorkflow', {
      workflowId: `approval-forged-${id}`,
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      args: [{ kind: 'operators', id }],
    });
    expect(await forged.result()).toEqual({ status: 'MISSING' });
    expect(await statusOf('control_changes', id)).toBe('APPROVED');
  });
});
