import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createPaymentWorkflows } from '../../../api/payments/payment-workflows.js';
import { createRefundWorkflows } from '../../../api/refunds/refund-workflows.js';
import { ApiError } from '../../../domain/shared/errors.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { eventually } from '../../helpers/eventually.js';
import { requireEnv, testEnv } from '../../helpers/test-env.js';

/**
 * A person's click sent to a workflow that closes before it takes it: a customer's cancel landing
 * as the gateway's answer closes the payment, an approver's decision as the refund's window ends.
 * Temporal aborts the waiting update; the person is told the payment or refund has moved on, not
 * that the service is down. Staged on the suite's real Temporal server: the workflow is started by
 * the click itself on a task queue no worker polls, so the update waits, and is then terminated.
 */
describe('a click on a workflow that closes before taking it', () => {
  let connection: Connection;
  let client: Client;
  const taskQueue = `closing-workflows-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    connection = await Connection.connect({ address: requireEnv(testEnv.temporalAddress) });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await connection.close();
  });

  /** Closes `workflowId` once the click has started it, and answers with what the click got. */
  async function closedUnder(workflowId: string, click: Promise<unknown>): Promise<unknown> {
    const answer = click.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const handle = client.workflow.getHandle(workflowId);
    await eventually(() => handle.describe().then(() => true), 20_000, `${workflowId} started`);
    await handle.terminate('closed while a click waited');
    return answer;
  }

  const reference = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

  it.each(['cancelCheckout', 'openCheckout'] as const)(
    "a checkout's %s answers PAYMENT_NOT_PAYABLE",
    async (click) => {
      const payments = createPaymentWorkflows(client, taskQueue);
      const payment = {
        id: 1,
        reference: reference('pay'),
        appId: 1,
        mode: 'TEST' as const,
        status: 'PENDING' as const,
        gateway: 'stripe',
        customerReference: 'closing-workflows',
        expiresAt: new Date(Date.now() + 3_600_000),
      };
      const answer = await closedUnder(workflowIds.payment(payment.reference), payments[click](payment));
      expect(answer).toEqual({ error: expect.any(ApiError) });
      expect((answer as { error: ApiError }).error.code).toBe('PAYMENT_NOT_PAYABLE');
    },
  );

  it("an approver's decision answers REFUND_NOT_PENDING_APPROVAL", async () => {
    const refunds = createRefundWorkflows(client, taskQueue);
    const refund = {
      id: 1,
      reference: reference('rf'),
      paymentReference: reference('pay'),
      appId: 1,
      mode: 'TEST' as const,
      status: 'PENDING_APPROVAL' as const,
      approvalExpiresAt: new Date(Date.now() + 3_600_000),
      requestedByOperatorId: null,
    };
    const answer = await closedUnder(
      workflowIds.refund(refund.reference),
      refunds.decideRefund(refund, true, { decisionId: 1 }),
    );
    expect(answer).toEqual({ error: expect.any(ApiError) });
    expect((answer as { error: ApiError }).error.code).toBe('REFUND_NOT_PENDING_APPROVAL');
  });
});
