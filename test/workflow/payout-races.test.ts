import { temporal } from '@temporalio/proto';
import type { Activities } from '../../activities/index.js';
import { setPayoutRules } from '../../db/payouts/payout-rules.js';
import { payoutWorkflowId } from '../../domain/payouts/payout-workflow-contract.js';
import { eventually, startStack, type Stack } from '../helpers/stack.js';
import { gate } from '../helpers/time-skipping.js';

/**
 * Races between the payout workflow's reads of its row and the "look again" signals the API sends
 * after each change, staged by holding the real read's answer (the database, the rail's simulator
 * and the workflow stay real).
 */
describe('payout workflow races', () => {
  let stack: Stack;
  type Session = Awaited<ReturnType<Stack['adminLogin']>>;
  let financeA: Session;
  let financeB: Session;
  /** When set, the next read of a payout's row is held, its answer already read, until opened. */
  let holdNextRead: ReturnType<typeof gate> | null = null;
  let reads = 0;

  beforeAll(async () => {
    stack = await startStack({
      configOverrides: { PAYOUT_CANCEL_WINDOW_SECONDS: '1' },
      overrideActivities: (real: Activities) => ({
        payoutState: async (input) => {
          const state = await real.payoutState(input);
          reads += 1;
          const held = holdNextRead;
          holdNextRead = null;
          if (held) await held.pass();
          return state;
        },
      }),
    });
    for (const assign of [(s: Session) => (financeA = s), (s: Session) => (financeB = s)]) {
      const operator = await stack.createOperator('FINANCE');
      assign(await stack.adminLogin(operator.email, operator.password));
    }
  });
  afterAll(() => stack.close());

  /** Whether the workflow has taken `count` signals and finished a task after the last one. */
  const signalsHandled = async (reference: string, count: number) => {
    const { EventType } = temporal.api.enums.v1;
    const history = await stack.client.workflow.getHandle(payoutWorkflowId(reference)).fetchHistory();
    const types = (history.events ?? []).map((event) => event.eventType);
    const lastSignal = types.lastIndexOf(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    const signals = types.filter((type) => type === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
    return (
      signals.length >= count &&
      types.slice(lastSignal).includes(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
    );
  };

  it('an approval whose signal arrives while the workflow reads the row before it is not lost: the payout goes out at once', async () => {
    const app = await stack.registerApp();
    await setPayoutRules(stack.em(), app.app.id, 'TEST', {
      enabled: true,
      floor: 1,
      bands: [{ currency: null, fromMinor: 0, toMinor: null, approvers: 2 }],
    });
    const created = await stack.api('POST', '/api/v1/payouts', {
      creds: app.test,
      body: { amountMinor: 45_000, beneficiary: { type: 'BKASH_WALLET', walletNumber: '01812345678' } },
    });
    expect(created.body.data).toMatchObject({ status: 'WAITING_APPROVAL', approvalsRequired: 2 });
    const reference: string = created.body.data.reference;
    // The workflow has read the row once and waits for approvers (for days, by the approval window).
    await eventually(async () => reads >= 1 || null, 20_000, 'the first read of the payout');

    const held = gate();
    holdNextRead = held;
    const first = await financeA.call('POST', `/api/v1/admin/payouts/${reference}/approve`, { body: {} });
    expect(first.body.data.status).toBe('WAITING_APPROVAL');
    // Woken by the first approval, the workflow has read "one approval of two" and is held there...
    await held.arrived;
    // ...when the second approval commits and its signal reaches the workflow.
    const second = await financeB.call('POST', `/api/v1/admin/payouts/${reference}/approve`, { body: {} });
    expect(second.body.data.status).toBe('SCHEDULED');
    await eventually(
      () => signalsHandled(reference, 2).then((done) => done || null),
      20_000,
      'both signals handled',
    );
    held.open();

    // The stale read says to wait for an approver; the kept signal makes the workflow read again.
    await eventually(
      async () => {
        const payout = await stack.api('GET', `/api/v1/payouts/${reference}`, { creds: app.test });
        return payout.body.data.status === 'SUCCEEDED' ? true : null;
      },
      20_000,
      `${reference} SUCCEEDED`,
    );
  });
});
