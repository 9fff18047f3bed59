import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addIntervals, overdueAt, reminderAt } from '../../domain/invoices/installments.js';
import { companyDayOf } from '../../domain/shared/company-day.js';
import { workflowIds } from '../../domain/shared/workflow-ids.js';
import {
  eventually,
  startStack,
  startWebhookReceiver,
  type Credentials,
  type Stack,
} from '../helpers/stack.js';
import { followServerTime, skipTo, startTimeSkippingServer } from '../helpers/time-skipping.js';

const MINUTE = 60_000;
/**
 * The company's time zone the stack runs in: UTC+14, eight hours ahead of Dhaka, so a notice sent
 * on Dhaka's clock would come eight hours after the time this suite waits for.
 */
const ZONE = 'Pacific/Kiritimati';

/**
 * A six-month installment plan driven to PAID on the time-skipping server: months pass in
 * seconds, the invoice's workflow sends each installment's reminder (09:00 three days before its
 * due date) and an overdue notice for the ones paid late (once its due day has ended), both on the
 * company's clock (COMPANY_TIME_ZONE), and the app receives every step as a signed webhook, in order.
 */
describe('an installment plan on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let stack: Stack;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let creds: Credentials;
  let secret: string;
  let appId: number;
  let clock: Awaited<ReturnType<typeof followServerTime>>;

  beforeAll(async () => {
    env = await startTimeSkippingServer();
    clock = await followServerTime(env);
    // The API reads the server's time too: payments made months in are payable then.
    stack = await startStack({
      temporal: env,
      simulatorClock: clock.now,
      clock: () => new Date(clock.now()),
      configOverrides: { COMPANY_TIME_ZONE: ZONE },
    });
    receiver = await startWebhookReceiver();
    const app = await stack.registerApp();
    creds = app.test;
    appId = app.app.id;
    ({ secret } = await stack.setWebhook(app.app.id, receiver.url));
  }, 120_000);
  afterAll(async () => {
    clock?.stop();
    await receiver?.close();
    await stack?.close();
    await env?.teardown();
  });

  const call = (method: string, path: string, body?: unknown) =>
    stack.api(method, `/api/v1${path}`, { creds, ...(body !== undefined && { body }) });
  const invoiceEvents = async (reference: string) =>
    (
      await stack.em().execute<Array<{ type: string; source_id: string }>>(
        `select type, source_id from events where type like 'invoice.%'
           and (source_id = ? or source_id like ? or source_id in (select reference from payments where invoice_id = ?))
           order by created_at, id`,
        [reference, `${reference}#%`, reference],
      )
    ).map((row) => `${row.type}${row.source_id.includes('#') ? `#${row.source_id.split('#')[1]}` : ''}`);
  const payDueNow = async (reference: string) => {
    const invoice = (await call('GET', `/invoices/${reference}`)).body.data;
    await stack.paidPayment(creds, {
      amountMinor: invoice.dueNow.amountMinor,
      customerReference: 'cust-plan',
      invoiceId: reference,
    });
  };

  it('sends due and overdue notices on time, takes each payment, and ends PAID', async () => {
    const today = companyDayOf(new Date(await env.currentTimeMs()), ZONE).date;
    const firstDue = addIntervals(today, 'DAY', 10);
    const created = await call('POST', '/invoices', {
      customer: { customerReference: 'cust-plan', name: 'করিম সাহেব' },
      lines: [{ description: 'Six-month course', quantity: 1, unitAmountMinor: 600001 }],
      dueDate: firstDue,
      installmentPlan: { count: 6, interval: 'MONTH' },
    });
    expect(created.status).toBe(201);
    const reference = created.body.data.reference as string;
    const dueDates = (created.body.data.installments as Array<{ dueDate: string; amountMinor: number }>).map(
      (i) => i.dueDate,
    );
    expect(created.body.data.installments.map((i: { amountMinor: number }) => i.amountMinor)).toEqual([
      100001, 100000, 100000, 100000, 100000, 100000,
    ]);
    const issued = (await call('POST', `/invoices/${reference}/issue`)).body.data;
    const workflowId = workflowIds.invoice(appId, issued.number);

    // Installments 2 and 5 are paid late: after their overdue notice.
    const late = new Set([2, 5]);
    for (const [index, dueDate] of dueDates.entries()) {
      const sequence = index + 1;
      await skipTo(env, new Date(reminderAt(dueDate, 3, ZONE).getTime() + MINUTE), stack.workerInFlight);
      // Dhaka's 09:00 is still to come: the reminder below is on the company's clock.
      expect(reminderAt(dueDate, 3, 'Asia/Dhaka').getTime()).toBeGreaterThan(await env.currentTimeMs());
      await eventually(
        async () => (await invoiceEvents(reference)).includes(`invoice.installment_due#${sequence}`),
        30_000,
        `installment ${sequence} reminded`,
      );
      if (late.has(sequence)) {
        await skipTo(env, new Date(overdueAt(dueDate, ZONE).getTime() + MINUTE), stack.workerInFlight);
        expect(overdueAt(dueDate, 'Asia/Dhaka').getTime()).toBeGreaterThan(await env.currentTimeMs());
        await eventually(
          async () => (await invoiceEvents(reference)).includes(`invoice.installment_overdue#${sequence}`),
          30_000,
          `installment ${sequence} overdue`,
        );
        const read = (await call('GET', `/invoices/${reference}`)).body.data;
        expect(read.overdue).toEqual({ since: dueDate });
      }
      await payDueNow(reference);
    }

    const result = await env.client.workflow.getHandle(workflowId).result();
    expect(result).toEqual({ status: 'PAID' });
    const paid = (await call('GET', `/invoices/${reference}`)).body.data;
    expect(paid).toMatchObject({
      status: 'PAID',
      totals: { paidMinor: 600001, outstandingMinor: 0 },
      dueNow: null,
    });

    const expected = ['invoice.issued'];
    for (let n = 1; n <= 6; n++) {
      expected.push(`invoice.installment_due#${n}`);
      if (late.has(n)) expected.push(`invoice.installment_overdue#${n}`);
      expected.push(n === 6 ? 'invoice.paid' : 'invoice.partially_paid');
    }
    expect(await invoiceEvents(reference)).toEqual(expected);

    // The app received each of them, signed, in that order.
    await eventually(
      async () =>
        receiver.allVerified(secret).filter((e) => e.type.startsWith('invoice.')).length === expected.length,
      30_000,
      'every invoice webhook delivered',
    );
    const delivered = receiver
      .allVerified(secret)
      .filter((e) => e.type.startsWith('invoice.'))
      .map((e) => {
        const installment = (e.data as { installment?: { sequence: number } | null }).installment;
        return installment ? `${e.type}#${installment.sequence}` : e.type;
      });
    expect(delivered).toEqual(expected);
  }, 300_000);
});
