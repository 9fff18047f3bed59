import { WorkflowNotFoundError } from '@temporalio/client';
import { createSweeperActivities } from '../../../activities/payments/sweeper-activities.js';
import { recordEvent } from '../../../db/webhooks/events.js';
import { insertPayment } from '../../../db/payments/payments.js';
import { newPaymentReference } from '../../../domain/shared/ids.js';
import { workflowIds } from '../../../domain/shared/workflow-ids.js';
import { ensureSweeperSchedule, sweeperScheduleId } from '../../../activities/payments/sweeper-schedule.js';
import { recordHistoryFixture } from '../../helpers/history-fixtures.js';
import { paymentFacts } from '../../helpers/queries.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../../helpers/stack.js';

/**
 * What a crash leaves behind is found and finished: a payment saved without its workflow, an event
 * whose delivery never started, an Idempotency-Key its request never completed.
 */
describe('recovery after a crash', () => {
  let stack: Stack;
  let app: Awaited<ReturnType<Stack['registerApp']>>;
  let creds: Credentials;

  beforeAll(async () => {
    stack = await startStack();
    app = await stack.registerApp();
    creds = app.test;
  });
  afterAll(() => stack.close());

  const sweeper = () =>
    createSweeperActivities({
      orm: stack.orm,
      temporal: { client: stack.client, taskQueue: stack.config.TEMPORAL_TASK_QUEUE },
    });
  const backdate = (table: string, column: string, where: string, value: unknown) =>
    stack
      .em()
      .execute(`update ${table} set ${column} = now() - interval '2 minutes' where ${where} = ?`, [value]);

  describe('the sweeper', () => {
    const savedPayment = (customerReference: string, expiresAt: Date) =>
      insertPayment(stack.em(), {
        reference: newPaymentReference(),
        appId: app.app.id,
        mode: 'TEST',
        amountMinor: 5000,
        currency: 'BDT',
        customerReference,
        customerEmail: null,
        customerPhone: null,
        customerName: null,
        productName: 'Swept',
        invoiceId: null,
        orderId: null,
        metadata: {},
        returnUrl: null,
        cancelUrl: null,
        gateway: 'sslcommerz',
        expiresAt,
        idempotencyKey: null,
      });

    it('expires a payment nobody opened by its deadline, once, and leaves the others for their customers', async () => {
      // A create is the row alone: no workflow until the customer clicks.
      const abandoned = await savedPayment('cust_abandoned', new Date(Date.now() + 1_500));
      const waiting = await savedPayment('cust_waiting', new Date(Date.now() + 30 * 60_000));
      const abandonedWorkflow = stack.client.workflow.getHandle(workflowIds.payment(abandoned.reference));
      const waitingWorkflow = stack.client.workflow.getHandle(workflowIds.payment(waiting.reference));
      await expect(abandonedWorkflow.describe()).rejects.toThrow(WorkflowNotFoundError);

      // Before its deadline the sweep leaves it alone.
      await sweeper().sweepStranded();
      await expect(abandonedWorkflow.describe()).rejects.toThrow(WorkflowNotFoundError);

      await new Promise((resolve) => setTimeout(resolve, 1_600));
      await sweeper().sweepStranded();
      const expired = await eventually(async () => {
        const current = await paymentFacts(stack.em(), abandoned.reference);
        return current.status === 'EXPIRED' ? current : null;
      });
      expect(expired.eventTypes).toEqual(['payment.expired']);
      expect(expired.journalKinds).toEqual([]);
      await eventually(
        async () => (await abandonedWorkflow.describe()).status.name === 'COMPLETED',
        20_000,
        'the expiring workflow to close',
      );
      await recordHistoryFixture(workflowIds.payment(abandoned.reference), 'payment-expired-unopened');

      // Sweeping again changes nothing: the payment is EXPIRED, its workflow closed.
      await sweeper().sweepStranded();
      const after = await paymentFacts(stack.em(), abandoned.reference);
      expect(after.transitions).toEqual(expired.transitions);
      expect(after.eventTypes).toEqual(['payment.expired']);

      // The payment still inside its window has no workflow until its customer clicks Pay.
      await expect(waitingWorkflow.describe()).rejects.toThrow(WorkflowNotFoundError);
      await stack.openCheckout(waiting.reference);
      expect((await waitingWorkflow.describe()).status.name).toBe('RUNNING');
      await stack.completeAtGateway(waiting.reference, 'VALID');
      const paid = await eventually(async () => {
        const current = await paymentFacts(stack.em(), waiting.reference);
        return current.status === 'SUCCEEDED' ? current : null;
      });
      expect(paid.journalKinds).toEqual(['CAPTURE', 'FEE']);
      expect(paid.eventTypes).toEqual(['payment.succeeded']);
    });

    it('delivers an event whose delivery never started', async () => {
      const receiver = await startWebhookReceiver();
      try {
        const other = await stack.registerApp();
        await stack.setWebhook(other.app.id, receiver.url);
        const event = await stack.em().transactional((tx) =>
          recordEvent(tx, {
            appId: other.app.id,
            mode: 'TEST',
            type: 'payment.succeeded',
            sourceType: 'payment',
            sourceId: `pay_orphan${Date.now()}`,
            data: { reference: 'pay_orphan' },
          }),
        );
        await backdate('events', 'created_at', 'id', event.eventId);

        await sweeper().sweepStranded();
        await eventually(async () => receiver.received.length > 0, 20_000, 'webhook');
        expect(receiver.received[0]!.headers['webhook-id']).toBe(event.eventId);
        // Delivered now, so a second sweep leaves it alone.
        await sweeper().sweepStranded();
        await new Promise((r) => setTimeout(r, 500));
        expect(receiver.received).toHaveLength(1);
      } finally {
        await receiver.close();
      }
    });

    it('runs on a Temporal Schedule that every worker ensures, once', async () => {
      const taskQueue = `sweeper-check-${Date.now()}`;
      await ensureSweeperSchedule(stack.client, taskQueue, 60);
      await ensureSweeperSchedule(stack.client, taskQueue, 30);
      const schedule = stack.client.schedule.getHandle(sweeperScheduleId(taskQueue));
      try {
        const description = await schedule.describe();
        expect(description.action).toMatchObject({ workflowType: 'sweeperWorkflow', taskQueue });
        expect(description.spec.intervals?.[0]?.every).toBe(30_000);
      } finally {
        await schedule.delete();
      }
    });
  });

  describe('an Idempotency-Key left in progress', () => {
    const body = { amountMinor: 7000, customerReference: 'cust_idem', productName: 'Lease' };
    const create = (key: string) =>
      stack.api('POST', '/api/v1/payments', { creds, body, headers: { 'Idempotency-Key': key } });
    const paymentsWithKey = async (key: string) =>
      stack
        .em()
        .execute<Array<{ reference: string }>>(
          "select reference from payments where idempotency_key like '%:' || ?",
          [key],
        );

    it('is a one-minute lease: after it, a retry answers with the payment the crashed request made', async () => {
      const first = await create('k-crashed');
      expect(first.status).toBe(201);
      // As if the request had died after saving the payment, before storing its answer.
      await stack.em().execute(
        `update idempotency_keys set state = 'IN_PROGRESS', response_status = null, response_body = null,
             claimed_at = now() where key = 'k-crashed'`,
      );
      expect((await create('k-crashed')).body.meta.errorCode).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');

      await backdate('idempotency_keys', 'claimed_at', 'key', 'k-crashed');
      const retried = await create('k-crashed');
      expect(retried.status).toBe(201);
      expect(retried.body.data.reference).toBe(first.body.data.reference);
      expect(await paymentsWithKey('k-crashed')).toHaveLength(1);
      const replay = await create('k-crashed');
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.data.reference).toBe(first.body.data.reference);
    });

    it('answers a create whose response could not be stored, and a retry reaches the same payment', async () => {
      // The database refuses the last write of the request (as if it dropped at that moment).
      await stack.em().execute(`
        create or replace function refuse_completion() returns trigger language plpgsql as $$
        begin
          if new.key = 'k-db-drop' and new.state = 'COMPLETED' then raise exception 'connection lost'; end if;
          return new;
        end $$;
        create trigger refuse_completion before update on idempotency_keys
          for each row execute function refuse_completion();
      `);
      let first;
      try {
        first = await create('k-db-drop');
      } finally {
        await stack
          .em()
          .execute('drop trigger refuse_completion on idempotency_keys; drop function refuse_completion();');
      }
      expect(first.status).toBe(201);
      expect((await create('k-db-drop')).body.meta.errorCode).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      await backdate('idempotency_keys', 'claimed_at', 'key', 'k-db-drop');
      const retried = await create('k-db-drop');
      expect(retried.status).toBe(201);
      expect(retried.body.data.reference).toBe(first.body.data.reference);
      expect(await paymentsWithKey('k-db-drop')).toHaveLength(1);
      expect((await create('k-db-drop')).headers.get('idempotent-replayed')).toBe('true');
    });

    it('answers a new request with a new payment once the key is reused after the replay window', async () => {
      const first = await create('k-reused-later');
      await stack
        .em()
        .execute(
          "update idempotency_keys set created_at = now() - interval '25 hours' where key = 'k-reused-later'",
        );
      const later = await create('k-reused-later');
      expect(later.status).toBe(201);
      expect(later.headers.get('idempotent-replayed')).toBeNull();
      expect(later.body.data.reference).not.toBe(first.body.data.reference);
      expect(await paymentsWithKey('k-reused-later')).toHaveLength(2);
    });

    it('is released at once when the request fails, so the retry need not wait', async () => {
      const refused = { ...body, customerReference: 'cust_refused' };
      await stack.em().execute(`
        create or replace function refuse_payment() returns trigger language plpgsql as $$
        begin
          if new.customer_reference = 'cust_refused' then raise exception 'disk full'; end if;
          return new;
        end $$;
        create trigger refuse_payment before insert on payments for each row execute function refuse_payment();
      `);
      let failed;
      try {
        failed = await stack.api('POST', '/api/v1/payments', {
          creds,
          body: refused,
          headers: { 'Idempotency-Key': 'k-released' },
        });
      } finally {
        await stack.em().execute('drop trigger refuse_payment on payments; drop function refuse_payment();');
      }
      expect(failed.status).toBe(500);
      const retried = await stack.api('POST', '/api/v1/payments', {
        creds,
        body: refused,
        headers: { 'Idempotency-Key': 'k-released' },
      });
      expect(retried.status).toBe(201);
      expect(await paymentsWithKey('k-released')).toHaveLength(1);
    });
  });
});
