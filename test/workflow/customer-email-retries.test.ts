import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { queueCustomerEmail } from '../../activities/customer-emails/customer-email-queueing.js';
import { recordEvent } from '../../db/webhooks/events.js';
import { EMAIL_RETRY } from '../../domain/customer-emails/customer-emails.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { startTimeSkippingServer } from '../helpers/time-skipping.js';

/**
 * A customer email's retries on the time-skipping server: an SMTP server that keeps answering
 * "try later" is tried again without an attempt limit for three days, every attempt logged, the
 * history kept short by continuing as new; then the message is FAILED with its last error.
 */
describe('a customer email the SMTP server keeps deferring', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  const answers: number[] = [];

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    stack = await startStack({
      temporal: env,
      overrideActivities: () => ({
        attemptCustomerEmail: async () => {
          answers.push(await env.currentTimeMs());
          return { outcome: 'RETRY' as const, error: '421 4.3.2 Service not available, try again later' };
        },
      }),
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await env?.teardown();
  });

  it('is retried for three days with backoff up to 10 minutes, then FAILED with its last error', async () => {
    const app = await stack.registerApp();
    const eventId = await stack.em().transactional(async (tx) => {
      const event = await recordEvent(tx, {
        appId: app.app.id,
        mode: 'TEST',
        type: 'payment.succeeded',
        sourceType: 'payment',
        sourceId: `pay_deferred${Date.now()}`,
        data: { reference: 'pay_deferred' },
      });
      await queueCustomerEmail(
        tx,
        { ...event, type: 'payment.succeeded', appId: app.app.id, mode: 'TEST' },
        'later@example.com',
      );
      return event.eventId;
    });
    const handle = await env.client.workflow.start('customerEmailWorkflow', {
      workflowId: workflowIds.customerEmail(eventId),
      taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
      args: [{ eventId }],
    });
    expect(await handle.result()).toBe('FAILED');

    const [row] = await stack
      .em()
      .execute<Array<{ status: string; attempts: number; last_error: string }>>(
        'select status, attempts, last_error from customer_emails where event_id = ?',
        [eventId],
      );
    expect(row!.status).toBe('FAILED');
    expect(row!.attempts).toBe(answers.length);
    // No attempt limit: one about every 10 minutes once backed off, for three days.
    expect(answers.length).toBeGreaterThan(400);
    expect(row!.last_error).toMatch(/^Gave up after \d+ attempts over three days.*421 4\.3\.2/);

    const gaps = answers.slice(1).map((at, i) => at - answers[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(EMAIL_RETRY.firstDelayMs);
    expect(Math.max(...gaps)).toBeLessThan(EMAIL_RETRY.maxDelayMs + 60_000);
    const span = answers.at(-1)! - answers[0]!;
    expect(span).toBeGreaterThan(EMAIL_RETRY.horizonMs - EMAIL_RETRY.maxDelayMs - 60_000);
    expect(span).toBeLessThanOrEqual(EMAIL_RETRY.horizonMs);

    // Hundreds of attempts, yet each run's history stays short: the workflow continued as new.
    const description = await handle.describe();
    expect(description.runId).not.toBe(handle.firstExecutionRunId);
  }, 300_000);
});
