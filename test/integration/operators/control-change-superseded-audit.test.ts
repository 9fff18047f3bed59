import { startStack, type Stack } from '../../helpers/stack.js';

const any = { currency: null, gateway: null, paymentMethod: null, requester: null };
/** BDT refunds up to the threshold go straight through; above it, one approver. */
const ABOVE = (thresholdMinor: number) => ({
  rules: [
    { ...any, currency: 'BDT', fromMinor: 0, toMinor: thresholdMinor, approvers: 0 },
    { ...any, currency: 'BDT', fromMinor: thresholdMinor + 1, toMinor: null, approvers: 1 },
  ],
});
const NONE = { rules: [{ ...any, fromMinor: 0, toMinor: null, approvers: 0 }] };

/**
 * A loosening proposal waiting for a second ADMIN is replaced by a newer one: the audit trail
 * says what the replaced proposal asked for and what replaced it, not only that its status moved.
 */
describe('a superseded control change in the audit trail', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ worker: false });
  });
  afterAll(() => stack.close());

  it('records the setting the superseded proposal asked for and the one that replaced it', async () => {
    const { app } = await stack.registerApp();
    const admin = await stack.createOperator('ADMIN');
    const session = await stack.adminLogin(admin.email, admin.password);
    const path = `/api/v1/admin/apps/${app.id}/refund-approval/TEST`;
    expect((await session.call('PUT', path, { body: ABOVE(5000) })).status).toBe(200);

    const first = await session.call('PUT', path, { body: ABOVE(9000) });
    expect(first.status).toBe(202);
    const second = await session.call('PUT', path, { body: NONE });
    expect(second.status).toBe(202);
    expect(second.body.data.id).not.toBe(first.body.data.id);

    const [entry] = await stack
      .em()
      .execute<Array<{ before: Record<string, unknown>; after: Record<string, unknown> }>>(
        `select before, after from audit_log
          where action = 'control_change.superseded' and target_type = 'control_change' and target_id = ?`,
        [String(first.body.data.id)],
      );
    expect(entry).toBeDefined();
    expect(entry!.before).toEqual({
      appId: app.id,
      mode: 'TEST',
      kind: 'REFUND_APPROVAL',
      status: 'PENDING',
      current: ABOVE(5000),
      proposed: ABOVE(9000),
    });
    expect(entry!.after).toEqual({
      appId: app.id,
      mode: 'TEST',
      kind: 'REFUND_APPROVAL',
      status: 'SUPERSEDED',
      current: ABOVE(5000),
      proposed: NONE,
    });
  });
});
